import { listTiers } from "@portico/platform";
import { Button, Card, inputClass, PageHeader, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { createTierAction, deleteTierAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function Tiers() {
  const tiers = await listTiers(operationContext(await requireRole("admin")));
  return (
    <>
      <PageHeader
        title="Throttling tiers"
        description="Request limits for subscriptions, applications and APIs."
      />
      <Table head={["Name", "Level", "Limit", "Burst", ""]}>
        {tiers.map((t) => (
          <tr key={t.id}>
            <td className="px-4 py-2 font-medium">{t.name}</td>
            <td className="px-4 py-2">{t.level}</td>
            <td className="px-4 py-2">
              {t.unlimited ? "Unlimited" : `${t.requestCount} per ${t.unitSeconds} s`}
            </td>
            <td className="px-4 py-2">{t.burst ?? "—"}</td>
            <td className="px-4 py-2">
              <ActionForm action={deleteTierAction}>
                <input type="hidden" name="id" value={t.id} />
                <Button type="submit" tone="ghost">
                  Delete
                </Button>
              </ActionForm>
            </td>
          </tr>
        ))}
      </Table>
      <Card title="New tier" className="mt-8">
        <ActionForm action={createTierAction} className="grid gap-4 sm:grid-cols-3">
          <input name="name" aria-label="Tier name" placeholder="Name" className={inputClass} required />
          <select name="level" aria-label="Level" className={inputClass}>
            <option>SUBSCRIPTION</option>
            <option>APPLICATION</option>
            <option>API</option>
          </select>
          <input
            name="description"
            aria-label="Description"
            placeholder="Description"
            className={inputClass}
          />
          <input
            name="requestCount"
            aria-label="Requests"
            type="number"
            min={1}
            placeholder="Requests"
            className={inputClass}
          />
          <input
            name="unitSeconds"
            aria-label="Per seconds"
            type="number"
            min={1}
            defaultValue={60}
            className={inputClass}
          />
          <input
            name="burst"
            aria-label="Burst"
            type="number"
            min={0}
            placeholder="Burst"
            className={inputClass}
          />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="unlimited" /> Unlimited
          </label>
          <div className="sm:col-span-3">
            <Button type="submit">Create tier</Button>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
