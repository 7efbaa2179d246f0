import { listApprovalInbox } from "@portico/platform";
import { Button, inputClass, PageHeader, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { decideApprovalAction } from "./actions";

export const dynamic = "force-dynamic";

const typeLabel: Record<string, string> = {
  SUBSCRIPTION_CREATION: "Subscription",
  APPLICATION_CREATION: "Application",
  APPLICATION_TIER_CHANGE: "Tier change",
  API_PUBLISHING: "Publishing",
};

/** The approvals inbox: subscriptions to my APIs (every request, for an admin). */
export default async function Approvals() {
  const ctx = operationContext(await requireRole("publisher", "admin"));
  const requests = await listApprovalInbox(ctx);
  const pending = requests.filter((r) => r.status === "PENDING");
  const decided = requests.filter((r) => r.status !== "PENDING");
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Requests waiting for your decision: subscriptions to your APIs, and for admins applications, tier changes and publishing. The requester sees your comment."
      />
      {pending.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing waits for you.</p>
      ) : (
        <Table head={["Request", "Kind", "Requested by", "Decision"]}>
          {pending.map((r) => (
            <tr key={r.id} className="align-top" data-testid="approval-request">
              <td className="px-4 py-2">{r.summary}</td>
              <td className="px-4 py-2">{typeLabel[r.type] ?? r.type}</td>
              <td className="px-4 py-2">{r.requester ?? "(removed user)"}</td>
              <td className="px-4 py-2">
                <ActionForm
                  action={decideApprovalAction.bind(null, r.id)}
                  className="flex flex-wrap items-center gap-2"
                >
                  <input
                    name="comment"
                    aria-label={`Comment on ${r.summary}`}
                    placeholder="Comment (shown to the requester)"
                    maxLength={1000}
                    className={inputClass}
                  />
                  <Button type="submit" name="decision" value="approve">
                    Approve
                  </Button>
                  <Button type="submit" name="decision" value="reject" tone="secondary">
                    Reject
                  </Button>
                </ActionForm>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {decided.length > 0 && (
        <section className="mt-8">
          <h2 className="mb-2 text-lg font-semibold">Decided</h2>
          <Table head={["Request", "Kind", "Decision", "Comment", "By"]}>
            {decided.map((r) => (
              <tr key={r.id}>
                <td className="px-4 py-2">{r.summary}</td>
                <td className="px-4 py-2">{typeLabel[r.type] ?? r.type}</td>
                <td className="px-4 py-2">{r.status.toLowerCase()}</td>
                <td className="px-4 py-2">{r.comment ?? ""}</td>
                <td className="px-4 py-2">{r.decidedBy ?? ""}</td>
              </tr>
            ))}
          </Table>
        </section>
      )}
    </>
  );
}
