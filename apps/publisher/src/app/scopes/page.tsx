import { listRoles, listSharedScopes } from "@portico/platform";
import { Button, Card, inputClass, PageHeader, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { createSharedScopeAction, deleteSharedScopeAction, updateSharedScopeAction } from "./actions";

export const dynamic = "force-dynamic";

function RoleBoxes({ roles, checked }: { roles: string[]; checked: string[] }) {
  return (
    <fieldset className="flex flex-wrap items-center gap-3 text-sm" aria-label="Roles">
      {roles.map((role) => (
        <label key={role} className="flex items-center gap-1">
          <input
            type="checkbox"
            name="roles"
            value={role}
            aria-label={`Role ${role}`}
            defaultChecked={checked.includes(role)}
          />
          {role}
        </label>
      ))}
    </fieldset>
  );
}

function PublicBox({ checked }: { checked: boolean }) {
  return (
    <label className="flex items-center gap-1 text-sm">
      <input type="checkbox" name="public" aria-label="Public" defaultChecked={checked} />
      public when bound to no role (otherwise admins only)
    </label>
  );
}

/** Shared scopes: one permission any API's resources can require, bound to roles once. */
export default async function SharedScopes() {
  const actor = await requireRole("publisher", "admin");
  const ctx = operationContext(actor);
  const mayChange = (owner: string | null) => actor.roles.includes("admin") || owner === actor.username;
  const [scopes, roles] = await Promise.all([listSharedScopes(ctx), listRoles(ctx)]);
  const roleNames = roles.map((r) => r.name);
  return (
    <>
      <PageHeader
        title="Shared scopes"
        description="Scopes that resources of any API can require. Only a scope's owner or an admin can change it; one still required by a resource cannot be deleted. Bound to no role, a scope is granted to admins only unless its owner makes it public."
      />
      {scopes.length === 0 ? (
        <p className="text-sm text-slate-500">No shared scopes yet.</p>
      ) : (
        <Table head={["Name", "Roles", "Owner", "Used by", ""]}>
          {scopes.map((s) => (
            <tr key={s.name} className="align-top">
              <td className="px-4 py-2">
                <span className="font-mono text-sm">{s.name}</span>
                {s.description && <p className="text-xs text-slate-500">{s.description}</p>}
              </td>
              <td className="px-4 py-2 text-sm">
                {s.roles.join(", ") || (s.public ? "anyone (public)" : "admins only")}
              </td>
              <td className="px-4 py-2 text-sm">{s.owner ?? "admins"}</td>
              <td className="px-4 py-2 text-sm">
                {s.usage.resources} resource(s) in {s.usage.apis} API(s)
              </td>
              <td className="px-4 py-2">
                {mayChange(s.owner) && (
                  <details>
                    <summary className="cursor-pointer text-sm text-brand-600">Edit</summary>
                    <ActionForm
                      action={updateSharedScopeAction.bind(null, s.name)}
                      className="mt-2 space-y-2"
                    >
                      <input
                        name="description"
                        aria-label="Scope description"
                        className={inputClass}
                        defaultValue={s.description ?? ""}
                      />
                      <RoleBoxes roles={roleNames} checked={s.roles} />
                      <PublicBox checked={s.public} />
                      <Button type="submit" tone="secondary">
                        Save
                      </Button>
                    </ActionForm>
                    <ActionForm action={deleteSharedScopeAction.bind(null, s.name)} className="mt-2">
                      <Button type="submit" tone="ghost" className="text-red-600">
                        Delete
                      </Button>
                    </ActionForm>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Card title="New shared scope" className="mt-8">
        <ActionForm action={createSharedScopeAction} className="grid gap-4 sm:grid-cols-2">
          <input
            name="name"
            aria-label="Scope name"
            placeholder="orders:read"
            className={inputClass}
            required
          />
          <input
            name="description"
            aria-label="Scope description"
            placeholder="What it allows"
            className={inputClass}
          />
          <RoleBoxes roles={roleNames} checked={[]} />
          <PublicBox checked={false} />
          <div>
            <Button type="submit">Create scope</Button>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
