import { type ApiSettingsValue, settingsPayload } from "./api-settings-value";

// Fields the form does not show (a scope's display name, a resource's description and throttling
// tier) ride along unchanged, so saving never drops them.
export type ScopeRow = {
  key: string;
  name: string;
  displayName?: string;
  description: string;
  roles: string[];
};
export type ResourceRow = {
  key: string;
  method: string;
  path: string;
  scopes: string[];
  authRequired: boolean;
  description?: string;
  throttlingTier?: string;
};

export interface ApiFormValue {
  name: string;
  version: string;
  context: string;
  description: string;
  tags: string;
  production: string;
  sandbox: string;
  /** failover endpoint URLs, one per line */
  productionFailovers: string;
  sandboxFailovers: string;
  /** spread calls round robin over each endpoint and its failovers */
  loadBalance: boolean;
  visibility: string;
  scopes: Array<Omit<ScopeRow, "key">>;
  resources: Array<Omit<ResourceRow, "key">>;
  settings: ApiSettingsValue;
}

/** What the form holds while editing: every scope and resource row with a stable React key. */
export type FormValue = Omit<ApiFormValue, "scopes" | "resources"> & {
  scopes: ScopeRow[];
  resources: ResourceRow[];
};

/** Sets one field of the form value. */
export type SetField = <K extends keyof FormValue>(key: K, v: FormValue[K]) => void;

/** The error the last save reported for a field, if any. */
export type FieldError = (field: string) => string | undefined;

/**
 * How a resource is named to assistive technology (labels, buttons): its method and path. A row
 * without a path yet is "new", so no label but the path's own says "path".
 */
export function resourceName(r: Pick<ResourceRow, "method" | "path">): string {
  return `${r.method} ${r.path.trim() || "(new resource)"}`;
}

/** A scope a resource may require: one of the API's own, or a shared one. */
export type ScopeChoice = { name: string; shared: boolean };

/** The scopes a resource may require: the API's own (as the form holds them), then shared ones. */
export function scopeChoices(scopes: ScopeRow[], sharedScopes: string[]): ScopeChoice[] {
  const own = [...new Set(scopes.map((s) => s.name.trim()).filter(Boolean))];
  return [
    ...own.map((name) => ({ name, shared: false })),
    ...sharedScopes.filter((name) => !own.includes(name)).map((name) => ({ name, shared: true })),
  ];
}

/** The form value for what the page loaded, each row given a key. */
export function formValueOf(initial: ApiFormValue): FormValue {
  return {
    ...initial,
    scopes: initial.scopes.map((s): ScopeRow => ({ ...s, key: crypto.randomUUID() })),
    resources: initial.resources.map((r): ResourceRow => ({ ...r, key: crypto.randomUUID() })),
  };
}

/** The non-empty lines of a text box. */
const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** The createApi/updateApi input for what the form holds. */
export function payloadOf(value: FormValue, editing: boolean): Record<string, unknown> {
  return {
    ...(editing ? {} : { version: value.version.trim(), context: value.context.trim() }),
    name: value.name.trim(),
    description: value.description.trim() || (editing ? null : undefined),
    tags: value.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    endpoints: {
      ...(value.production.trim() ? { production: value.production.trim() } : {}),
      ...(value.sandbox.trim() ? { sandbox: value.sandbox.trim() } : {}),
      productionFailovers: lines(value.productionFailovers),
      sandboxFailovers: lines(value.sandboxFailovers),
      loadBalance: value.loadBalance,
    },
    visibility: value.visibility,
    ...settingsPayload(value.settings),
    scopes: value.scopes
      .filter((s) => s.name.trim())
      .map((s) => ({
        name: s.name.trim(),
        displayName: s.displayName,
        description: s.description.trim() || undefined,
        roles: s.roles,
      })),
    resources: value.resources
      .filter((r) => r.path.trim())
      // a summary emptied in the editor is no summary, as one never typed
      .map(({ key: _key, ...r }) => ({ ...r, path: r.path.trim(), description: r.description || undefined })),
  };
}

/**
 * An update is partial: of the form's payload, only the fields that differ from what the form
 * was opened with, so a save changes exactly what was edited (and nothing the form does not show).
 */
export function changedOnly(payload: Record<string, unknown>, initial: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(payload).filter(([field, v]) => JSON.stringify(v) !== JSON.stringify(initial[field])),
  );
}
