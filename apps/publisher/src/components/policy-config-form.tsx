"use client";

import { Button, inputClass } from "@portico/ui";
import type { ReactNode } from "react";

// A field-by-field form generated from a policy's JSON Schema (the server computes it from the
// policy's zod schema with z.toJSONSchema and passes it as a prop: no schema code reaches the
// browser). It covers the shapes the policies use: strings, numbers with bounds, booleans,
// enums, objects, arrays of strings or objects, and object variants told apart by one constant
// property (`action: "set" | "remove" | …`). Anything else is edited as JSON.

/** The parts of a JSON Schema the generator reads. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  default?: unknown;
}

type Shape =
  | { kind: "string" }
  | { kind: "number"; integer: boolean }
  | { kind: "boolean" }
  | { kind: "enum"; options: string[] }
  | { kind: "object"; schema: JsonSchema }
  | { kind: "array"; items: JsonSchema }
  | { kind: "variants"; key: string; options: Array<{ value: string; schema: JsonSchema }> };

const choicesOf = (s: JsonSchema) => s.oneOf ?? s.anyOf;

/** What control a schema gets, or undefined when the generator does not handle it. */
function shapeOf(schema: JsonSchema): Shape | undefined {
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === "string"))
    return { kind: "enum", options: schema.enum as string[] };
  const choices = choicesOf(schema);
  if (choices) {
    if (choices.every((c) => typeof c.const === "string"))
      return { kind: "enum", options: choices.map((c) => c.const as string) };
    // strings of several patterns ("ip", "header:…", "claim:…"): one text box, the server checks it
    if (choices.every((c) => c.type === "string")) return { kind: "string" };
    const first = choices[0]?.properties ?? {};
    const key = Object.keys(first).find((k) =>
      choices.every((c) => c.type === "object" && typeof c.properties?.[k]?.const === "string"),
    );
    if (key && choices.every((c) => objectSupported(c)))
      return {
        kind: "variants",
        key,
        options: choices.map((c) => ({ value: c.properties?.[key]?.const as string, schema: c })),
      };
    return undefined;
  }
  switch (schema.type) {
    case "string":
      return { kind: "string" };
    case "integer":
    case "number":
      return { kind: "number", integer: schema.type === "integer" };
    case "boolean":
      return { kind: "boolean" };
    case "object":
      return objectSupported(schema) ? { kind: "object", schema } : undefined;
    case "array":
      return schema.items && shapeOf(schema.items) ? { kind: "array", items: schema.items } : undefined;
    default:
      return undefined;
  }
}

function objectSupported(schema: JsonSchema): boolean {
  return (
    schema.type === "object" &&
    schema.properties !== undefined &&
    Object.values(schema.properties).every((p) => p.const !== undefined || shapeOf(p) !== undefined)
  );
}

/** Whether the whole configuration can be edited field by field. */
export function formSupports(schema: unknown): schema is JsonSchema {
  return typeof schema === "object" && schema !== null && objectSupported(schema as JsonSchema);
}

/** A new value for a schema: its default, or what an empty control holds. */
export function initialValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  const shape = shapeOf(schema);
  switch (shape?.kind) {
    case "string":
      return "";
    case "enum":
      return shape.options[0];
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return objectValue(shape.schema);
    case "variants":
      return shape.options[0] ? objectValue(shape.options[0].schema) : {};
    default:
      return undefined;
  }
}

/** An object with its defaults and constants, and an empty value for each required field. */
function objectValue(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const required = schema.required?.includes(name) ?? false;
    if (property.default !== undefined || property.const !== undefined) out[name] = initialValue(property);
    else if (required) {
      const shape = shapeOf(property);
      // a required number starts empty: the server names it if it stays so
      if (shape?.kind !== "number") out[name] = initialValue(property);
    }
  }
  return out;
}

/** "maxStringLength" -> "Max string length"; a schema's own title wins. */
function labelOf(name: string, schema: JsonSchema): string {
  if (schema.title) return schema.title;
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

type Path = Array<string | number>;

function setIn(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (typeof head === "number") {
    const list = Array.isArray(value) ? [...value] : [];
    list[head] = setIn(list[head], rest, next);
    return list;
  }
  const object = {
    ...(typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {}),
  };
  const inner = setIn(object[head as string], rest, next);
  if (inner === undefined) delete object[head as string];
  else object[head as string] = inner;
  return object;
}

function getIn(value: unknown, path: Path): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

interface FieldContext {
  /** the whole configuration */
  value: unknown;
  onChange(next: unknown): void;
  /** the server's messages by path inside the configuration ("headers.0.name") */
  errors: Record<string, string>;
  idBase: string;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-600" data-testid="policy-field-error">
      {message}
    </p>
  );
}

function Control({
  ctx,
  schema,
  path,
  label,
  required,
}: {
  ctx: FieldContext;
  schema: JsonSchema;
  path: Path;
  label: string;
  required: boolean;
}): ReactNode {
  const shape = shapeOf(schema);
  const key = path.join(".");
  const id = `${ctx.idBase}-${path.join("-")}`;
  const error = ctx.errors[key];
  const errorId = `${id}-error`;
  const value = getIn(ctx.value, path);
  const set = (next: unknown) => ctx.onChange(setIn(ctx.value, path, next));
  const described = error ? { "aria-describedby": errorId, "aria-invalid": true as const } : {};
  const hint = schema.description ? (
    <p className="mt-1 text-xs text-slate-500">{schema.description}</p>
  ) : null;
  if (!shape) return null;
  switch (shape.kind) {
    case "boolean":
      return (
        <div>
          <label className="flex items-center gap-2 text-sm" htmlFor={id}>
            <input
              id={id}
              type="checkbox"
              checked={value === true}
              onChange={(e) => set(e.target.checked)}
              {...described}
            />
            {label}
          </label>
          <FieldError id={errorId} message={error} />
        </div>
      );
    case "string":
    case "number":
    case "enum":
      return (
        <div>
          <label className="block text-sm font-medium text-slate-700" htmlFor={id}>
            {label}
          </label>
          {shape.kind === "enum" ? (
            <select
              id={id}
              className={inputClass}
              value={typeof value === "string" ? value : ""}
              onChange={(e) => set(e.target.value === "" ? undefined : e.target.value)}
              {...described}
            >
              {!required && <option value="">(default)</option>}
              {shape.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : shape.kind === "number" ? (
            <input
              id={id}
              type="number"
              inputMode="numeric"
              className={inputClass}
              min={schema.minimum}
              max={schema.maximum}
              step={shape.integer ? 1 : "any"}
              value={typeof value === "number" ? value : ""}
              onChange={(e) => set(e.target.value === "" ? undefined : Number(e.target.value))}
              {...described}
            />
          ) : (
            <input
              id={id}
              className={inputClass}
              maxLength={schema.maxLength}
              value={typeof value === "string" ? value : ""}
              onChange={(e) => set(e.target.value === "" && !required ? undefined : e.target.value)}
              autoComplete="off"
              spellCheck={false}
              {...described}
            />
          )}
          {(schema.minimum !== undefined || schema.maximum !== undefined) && !error && (
            <p className="mt-1 text-xs text-slate-500">
              {schema.minimum ?? "…"} to {schema.maximum ?? "…"}
            </p>
          )}
          {hint}
          <FieldError id={errorId} message={error} />
        </div>
      );
    case "object":
      return (
        <fieldset
          className="rounded border border-slate-200 p-3"
          aria-describedby={error ? errorId : undefined}
        >
          <legend className="px-1 text-sm font-medium">{label}</legend>
          <ObjectFields ctx={ctx} schema={shape.schema} path={path} />
          <FieldError id={errorId} message={error} />
        </fieldset>
      );
    case "variants": {
      const current = (value ?? {}) as Record<string, unknown>;
      const chosen = shape.options.find((o) => o.value === current[shape.key]) ?? shape.options[0];
      const switchTo = (next: string) => {
        const option = shape.options.find((o) => o.value === next);
        if (!option) return;
        // fields both variants have (a header's name) are kept
        const kept = Object.fromEntries(
          Object.entries(current).filter(([k]) => k !== shape.key && option.schema.properties?.[k]),
        );
        set({ ...objectValue(option.schema), ...kept, [shape.key]: next });
      };
      const selectId = `${id}-${shape.key}`;
      return (
        <fieldset
          className="rounded border border-slate-200 p-3"
          aria-describedby={error ? errorId : undefined}
        >
          <legend className="px-1 text-sm font-medium">{label}</legend>
          <div className="grid gap-3 sm:grid-cols-3">
            <div>
              <label className="block text-sm font-medium text-slate-700" htmlFor={selectId}>
                {labelOf(shape.key, {})}
              </label>
              <select
                id={selectId}
                className={inputClass}
                value={chosen?.value ?? ""}
                onChange={(e) => switchTo(e.target.value)}
              >
                {shape.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.value}
                  </option>
                ))}
              </select>
            </div>
            {chosen && <ObjectFields ctx={ctx} schema={chosen.schema} path={path} skip={shape.key} />}
          </div>
          <FieldError id={errorId} message={error} />
        </fieldset>
      );
    }
    case "array": {
      const list = Array.isArray(value) ? value : [];
      const itemShape = shapeOf(shape.items);
      const scalar =
        itemShape?.kind === "string" || itemShape?.kind === "number" || itemShape?.kind === "enum";
      return (
        <fieldset
          className="rounded border border-slate-200 p-3"
          aria-describedby={error ? errorId : undefined}
        >
          <legend className="px-1 text-sm font-medium">{label}</legend>
          {list.length === 0 && <p className="text-xs text-slate-500">None yet.</p>}
          <ol className="space-y-2">
            {list.map((_, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are identified by their position
              <li key={n} className={scalar ? "flex items-end gap-2" : "space-y-1"}>
                <div className="grow">
                  <Control
                    ctx={ctx}
                    schema={shape.items}
                    path={[...path, n]}
                    label={`${label} ${n + 1}`}
                    required={true}
                  />
                </div>
                <Button
                  type="button"
                  tone="secondary"
                  aria-label={`Remove ${label.toLowerCase()} ${n + 1}`}
                  onClick={() => set(list.filter((__, m) => m !== n))}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ol>
          <Button
            type="button"
            tone="secondary"
            className="mt-2"
            disabled={schema.maxItems !== undefined && list.length >= schema.maxItems}
            onClick={() => set([...list, initialValue(shape.items)])}
          >
            Add to {label.toLowerCase()}
          </Button>
          <FieldError id={errorId} message={error} />
        </fieldset>
      );
    }
  }
}

function ObjectFields({
  ctx,
  schema,
  path,
  skip,
}: {
  ctx: FieldContext;
  schema: JsonSchema;
  path: Path;
  skip?: string;
}) {
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([name, property]) => name !== skip && property.const === undefined)
        .map(([name, property]) => (
          <Control
            key={name}
            ctx={ctx}
            schema={property}
            path={[...path, name]}
            label={labelOf(name, property)}
            required={schema.required?.includes(name) ?? false}
          />
        ))}
    </>
  );
}

/** The configuration of one attached policy as labelled controls, one per field of its schema. */
export function PolicyConfigForm({
  schema,
  value,
  onChange,
  errors,
  idBase,
}: {
  schema: JsonSchema;
  value: unknown;
  onChange(next: unknown): void;
  errors: Record<string, string>;
  idBase: string;
}) {
  return (
    <div className="mt-2 grid gap-3">
      <ObjectFields ctx={{ value: value ?? {}, onChange, errors, idBase }} schema={schema} path={[]} />
    </div>
  );
}
