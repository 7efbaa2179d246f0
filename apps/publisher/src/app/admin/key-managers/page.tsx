import { listKeyManagers } from "@portico/platform";
import { Badge, Button, Card, inputClass, PageHeader, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { EnableRemoveControls } from "@/components/enable-remove-controls";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { createKeyManagerAction, keyManagerStateAction } from "../actions";
import { AddByIssuerCard } from "./add-by-issuer-card";

export const dynamic = "force-dynamic";

export default async function KeyManagers() {
  const kms = await listKeyManagers(operationContext(await requireRole("admin")));
  return (
    <>
      <PageHeader
        title="Key managers"
        description="The resident key manager, and external OpenID/OAuth servers whose tokens the gateway accepts."
      />
      <Table head={["Name", "Type", "Issuer", "State", ""]}>
        {kms.map((k) => (
          <tr key={k.id}>
            <td className="px-4 py-2 font-medium">{k.name}</td>
            <td className="px-4 py-2">{k.type}</td>
            <td className="px-4 py-2 font-mono text-xs">{k.issuer}</td>
            <td className="px-4 py-2">
              {k.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}
            </td>
            <td className="px-4 py-2">
              {k.type === "EXTERNAL" && (
                <EnableRemoveControls
                  action={keyManagerStateAction}
                  id={k.id}
                  name={k.name}
                  enabled={k.enabled}
                  removeLabel="Remove"
                  consequence="The gateway stops accepting its tokens, and the keys applications hold there are deleted."
                />
              )}
            </td>
          </tr>
        ))}
      </Table>
      <AddByIssuerCard />
      <Card title="Add an external key manager" className="mt-8">
        <ActionForm action={createKeyManagerAction} className="grid gap-4 sm:grid-cols-2">
          <input name="name" aria-label="Name" placeholder="Name" className={inputClass} required />
          <input
            name="discoveryUrl"
            aria-label="Discovery URL"
            placeholder="https://idp.example/.well-known/openid-configuration"
            className={inputClass}
            required
          />
          <input
            name="clientId"
            aria-label="Client id"
            placeholder="Client id (for introspection)"
            className={inputClass}
          />
          <input
            name="clientSecret"
            aria-label="Client secret"
            type="password"
            placeholder="Client secret (stored encrypted)"
            className={inputClass}
            autoComplete="off"
          />
          <div className="sm:col-span-2">
            <Button type="submit">Add key manager</Button>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
