import type { Db } from "@portico/db";
import { notFound } from "../errors";

export interface PolicyRow {
  id: string;
  name: string;
  policyXmlId: string;
  description: string | null;
  enabled: boolean;
  currentVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export const policyView = (p: PolicyRow, attachmentCount?: number) => ({
  id: p.id,
  name: p.name,
  policyXmlId: p.policyXmlId,
  description: p.description,
  enabled: p.enabled,
  currentVersion: p.currentVersion,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
  ...(attachmentCount !== undefined ? { attachmentCount } : {}),
});

export const versionView = (
  v: { version: number; createdBy: string | null; createdAt: Date; content?: string },
  currentVersion: number,
) => ({
  version: v.version,
  current: v.version === currentVersion,
  createdBy: v.createdBy,
  createdAt: v.createdAt.toISOString(),
  ...(v.content !== undefined ? { content: v.content } : {}),
});

export const attachmentView = (a: {
  id: string;
  policyId: string;
  apiId: string;
  resourceId: string | null;
  onNotApplicable: string;
  createdAt: Date;
  api: { name: string; version: string; context: string };
  resource: { method: string; pathTemplate: string } | null;
}) => ({
  id: a.id,
  policyId: a.policyId,
  api: { id: a.apiId, name: a.api.name, version: a.api.version, context: a.api.context },
  resource: a.resource
    ? { id: a.resourceId, method: a.resource.method, pathTemplate: a.resource.pathTemplate }
    : null,
  onNotApplicable: a.onNotApplicable === "permit" ? ("permit" as const) : ("deny" as const),
  createdAt: a.createdAt.toISOString(),
});

export const attachmentInclude = {
  api: { select: { name: true, version: true, context: true } },
  resource: { select: { method: true, pathTemplate: true } },
} as const;

export async function findPolicy(db: Db, id: string) {
  const policy = await db.xacmlPolicy.findUnique({ where: { id } });
  if (!policy) throw notFound("policy");
  return policy;
}
