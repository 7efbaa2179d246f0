"use client";

import type { ScopeConflict } from "@portico/platform";
import { Field, inputClass } from "@portico/ui";

/** What the publisher chose for a scope name in use: reuse the existing scope, or a new name. */
export type ScopeChoiceState = { mode: "reuse" | "rename"; renameTo: string };

/** The choice offered first: reuse where allowed, otherwise the server's free name. */
export const firstChoice = (c: ScopeConflict): ScopeChoiceState => ({
  mode: c.reusable ? "reuse" : "rename",
  renameTo: c.suggestion,
});

/**
 * The document's scope names that exist already, each with its choice: reuse the existing scope
 * (offered only where the API may require it) or rename it on import. The choices travel with the
 * form as `conflict`, `resolve <name>` and `rename <name>`.
 */
export function ImportScopeConflicts({
  conflicts,
  choices,
  onChoose,
  err,
}: {
  conflicts: ScopeConflict[];
  choices: Record<string, ScopeChoiceState>;
  onChoose: (name: string, choice: ScopeChoiceState) => void;
  err: (field: string) => string | undefined;
}) {
  return (
    <fieldset className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-4">
      <legend className="px-1 text-sm font-semibold text-amber-900">Scope names already in use</legend>
      <p className="text-sm text-amber-900">
        The document names scopes that exist already. Choose for each, then import again; everything else
        stays as you typed it.
      </p>
      {conflicts.map((c, i) => {
        const choice = choices[c.name] ?? firstChoice(c);
        const id = `scope-conflict-${i}`;
        const problem = err(`scopeResolutions.${c.name}.renameTo`) ?? err(`scopeResolutions.${c.name}`);
        return (
          <fieldset
            key={c.name}
            className="rounded-md border border-amber-200 bg-white p-3"
            aria-describedby={`${id}-reason`}
          >
            <legend className="px-1 font-mono text-sm">{c.name}</legend>
            <input type="hidden" name="conflict" value={c.name} />
            <p id={`${id}-reason`} className="mb-2 text-xs text-slate-600">
              {c.reason[0]?.toUpperCase()}
              {c.reason.slice(1)}.
            </p>
            <div className="space-y-1 text-sm">
              {c.reusable && (
                <label className="flex items-center gap-2">
                  <input
                    type="radio"
                    name={`resolve ${c.name}`}
                    value="reuse"
                    checked={choice.mode === "reuse"}
                    onChange={() => onChoose(c.name, { ...choice, mode: "reuse" })}
                  />
                  Reuse the existing scope {c.name}
                </label>
              )}
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name={`resolve ${c.name}`}
                  value="rename"
                  checked={choice.mode === "rename"}
                  onChange={() => onChoose(c.name, { ...choice, mode: "rename" })}
                />
                Rename it on import
              </label>
            </div>
            {choice.mode === "rename" && (
              <div className="mt-2">
                <Field label={`New name for ${c.name}`} name={`${id}-rename`} error={problem}>
                  <input
                    id={`${id}-rename`}
                    name={`rename ${c.name}`}
                    className={`${inputClass} font-mono`}
                    value={choice.renameTo}
                    required
                    maxLength={100}
                    aria-invalid={Boolean(problem)}
                    aria-describedby={problem ? `${id}-rename-error` : undefined}
                    onChange={(e) => onChoose(c.name, { ...choice, renameTo: e.target.value })}
                  />
                </Field>
              </div>
            )}
            {choice.mode === "reuse" && problem && (
              <p role="alert" className="mt-1 text-xs text-red-600">
                {problem}
              </p>
            )}
          </fieldset>
        );
      })}
    </fieldset>
  );
}
