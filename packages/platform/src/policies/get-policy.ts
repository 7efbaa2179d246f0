import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { notFound } from "../errors";
import {
  attachmentInclude,
  attachmentView,
  attachmentViewSchema,
  policyVersionViewSchema,
  policyView,
  policyViewSchema,
  versionView,
} from "./policy-view";

/** A policy with its current document, every version (without content) and its attachments. */
const policyDetailView = policyViewSchema.extend({
  content: z.string(),
  versions: z.array(policyVersionViewSchema),
  attachments: z.array(attachmentViewSchema),
});

/** One policy: its current document, every version (without content) and its attachments. */
export async function getPolicy(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const row = await ctx.db.xacmlPolicy.findUnique({
    where: { id },
    include: {
      versions: { orderBy: { version: "desc" }, select: { version: true, createdBy: true, createdAt: true } },
      attachments: { include: attachmentInclude, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) throw notFound("policy");
  const current = await ctx.db.xacmlPolicyVersion.findUnique({
    where: { policyId_version: { policyId: id, version: row.currentVersion } },
  });
  return policyDetailView.parse({
    ...policyView(row, row.attachments.length),
    content: current?.content ?? "",
    versions: row.versions.map((v) => versionView(v, row.currentVersion)),
    attachments: row.attachments.map(attachmentView),
  });
}
