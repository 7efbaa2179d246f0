import { listRoles, listUsers } from "@portico/platform";
import { Badge, Button, Card, Field, inputClass, PageHeader } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { createUserAction, userRolesAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function Users() {
  const ctx = operationContext(await requireRole("admin"));
  const [users, roles] = await Promise.all([listUsers(ctx), listRoles(ctx)]);
  return (
    <>
      <PageHeader title="Users and roles" />
      <ul className="space-y-3">
        {users.map((u) => (
          <li key={u.id} className="rounded-xl border border-slate-200 bg-white p-4">
            <ActionForm action={userRolesAction} className="flex flex-wrap items-center gap-4">
              <input type="hidden" name="id" value={u.id} />
              <span className="w-40 font-medium">{u.username}</span>
              {u.disabled && <Badge tone="red">Disabled</Badge>}
              {roles.map((r) => (
                <label key={r.name} className="flex items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    name="roles"
                    value={r.name}
                    defaultChecked={u.roles.includes(r.name)}
                  />{" "}
                  {r.name}
                </label>
              ))}
              <label className="flex items-center gap-1 text-sm">
                <input type="checkbox" name="disabled" defaultChecked={u.disabled} /> disabled
              </label>
              <Button type="submit" tone="secondary">
                Save
              </Button>
            </ActionForm>
          </li>
        ))}
      </ul>
      <Card title="New user" className="mt-8">
        <ActionForm
          action={createUserAction}
          className="grid gap-4 sm:grid-cols-2"
          fieldLabels={{ username: "Username", password: "Password", email: "Email", roles: "Roles" }}
          resetOnSuccess
        >
          <Field label="Username" name="new-user-username">
            <input
              id="new-user-username"
              name="username"
              className={inputClass}
              autoComplete="off"
              required
            />
          </Field>
          <Field label="Password" name="new-user-password" hint="At least 12 characters">
            <input
              id="new-user-password"
              name="password"
              type="password"
              className={inputClass}
              autoComplete="new-password"
              required
            />
          </Field>
          <Field label="Email" name="new-user-email">
            <input id="new-user-email" name="email" type="email" className={inputClass} autoComplete="off" />
          </Field>
          <fieldset className="flex items-center gap-4 text-sm">
            <legend className="sr-only">Roles</legend>
            {roles.map((r) => (
              <label key={r.name} className="flex items-center gap-1">
                <input type="checkbox" name="roles" value={r.name} defaultChecked={r.name === "developer"} />{" "}
                {r.name}
              </label>
            ))}
          </fieldset>
          <div className="sm:col-span-2">
            <Button type="submit">Create user</Button>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
