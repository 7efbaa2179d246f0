"use client";

import { useEffect, useId, useState } from "react";
import type { ScopeChoice } from "./api-form-value";

// A multi-select combobox after the WAI-ARIA Authoring Practices pattern (editable combobox with
// a list popup): focus stays in the text box, the active option is named by
// aria-activedescendant, the listbox is aria-multiselectable and each option says whether it is
// chosen. Chosen scopes are chips with their own remove buttons. Written here rather than taken
// from a UI library: the portal has none, and this is the one control that needs it.

/**
 * The scopes a resource requires: type to filter, ArrowUp/ArrowDown to move, Enter or a click to
 * add (or remove) the active scope, Escape to close, Backspace in the empty box to remove the last.
 */
export function ScopeCombobox({
  label,
  choices,
  value,
  onChange,
}: {
  /** the accessible name: which resource's scopes these are */
  label: string;
  choices: ScopeChoice[];
  value: string[];
  onChange: (scopes: string[]) => void;
}) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [announcement, setAnnouncement] = useState("");
  const typed = query.trim().toLowerCase();
  const options = choices.filter((c) => c.name.toLowerCase().includes(typed));
  const activeOption = open ? options[Math.min(active, options.length - 1)] : undefined;
  const optionId = (name: string) => `${id}-option-${choices.findIndex((c) => c.name === name)}`;
  const inputId = `${id}-input`;
  const listId = `${id}-list`;

  useEffect(() => {
    if (activeOption)
      document.getElementById(optionId(activeOption.name))?.scrollIntoView({ block: "nearest" });
  });

  const toggle = (name: string) => {
    const chosen = value.includes(name);
    onChange(chosen ? value.filter((s) => s !== name) : [...value, name]);
    setAnnouncement(chosen ? `${name} removed` : `${name} added`);
    setQuery("");
    setActive(0);
  };
  const remove = (name: string) => {
    onChange(value.filter((s) => s !== name));
    setAnnouncement(`${name} removed`);
    document.getElementById(inputId)?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(0);
        } else setActive((a) => Math.min(a + 1, options.length - 1));
        break;
      case "ArrowUp":
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(options.length - 1);
        } else setActive((a) => Math.max(a - 1, 0));
        break;
      case "Home":
      case "End":
        if (open && !query) {
          e.preventDefault();
          setActive(e.key === "Home" ? 0 : options.length - 1);
        }
        break;
      case "Enter":
        // Enter in this box chooses a scope; it never submits the API form
        e.preventDefault();
        if (activeOption) toggle(activeOption.name);
        break;
      case "Escape":
        if (open) {
          e.preventDefault();
          setOpen(false);
        } else if (query) {
          e.preventDefault();
          setQuery("");
        }
        break;
      case "Backspace": {
        const last = value.at(-1);
        if (!query && last) {
          e.preventDefault();
          remove(last);
        }
        break;
      }
      case "Tab":
        setOpen(false);
        break;
    }
  };

  return (
    <div className="min-w-44">
      <label htmlFor={inputId} className="sr-only">
        {label}
      </label>
      {value.length > 0 && (
        <ul className="mb-1 flex flex-wrap gap-1" aria-label={`Chosen: ${label}`}>
          {value.map((name) => (
            <li
              key={name}
              className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pr-1 pl-2 font-mono text-xs text-brand-700"
            >
              {name}
              <button
                type="button"
                className="rounded-full px-1 text-brand-700 hover:bg-brand-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
                aria-label={`Remove ${name} from ${label}`}
                onClick={() => remove(name)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={inputId}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? optionId(activeOption.name) : undefined}
        autoComplete="off"
        className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
        placeholder={value.length ? "Add a scope" : "Choose scopes"}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={label}
        aria-multiselectable="true"
        hidden={!open || options.length === 0}
        // keep the focus in the text box, so the list does not close before a click (or a drag
        // of its scroll bar) lands
        onMouseDown={(e) => e.preventDefault()}
        className="mt-1 max-h-48 overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-sm"
      >
        {options.map((c) => {
          const chosen = value.includes(c.name);
          return (
            // focus stays in the text box (aria-activedescendant); the keyboard works there
            // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the combobox input
            <div
              key={c.name}
              id={optionId(c.name)}
              role="option"
              tabIndex={-1}
              aria-selected={chosen}
              className={`flex cursor-pointer items-center gap-2 px-2 py-1 text-sm ${
                c.name === activeOption?.name ? "bg-brand-100" : ""
              }`}
              onClick={() => toggle(c.name)}
            >
              <span aria-hidden="true" className="w-3 text-brand-700">
                {chosen ? "✓" : ""}
              </span>
              <span className="font-mono">{c.name}</span>
              {c.shared && <span className="text-xs text-slate-500">shared</span>}
            </div>
          );
        })}
      </div>
      {open && options.length === 0 && (
        <p className="mt-1 text-xs text-slate-500">
          {choices.length ? "No scope matches." : "Declare a scope above first."}
        </p>
      )}
      <span className="sr-only" aria-live="polite">
        {announcement}
      </span>
    </div>
  );
}
