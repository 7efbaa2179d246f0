import type { Db } from "@portico/db";
import { z } from "zod";
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

/** A policy as the admin API and pages show it; with `content` where the document is asked for. */
export const policyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  policyXmlId: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  currentVersion: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  attachmentCount: z.number().optional(),
  content: z.string().optional(),
});

export const policyView = (p: PolicyRow, attachmentCount?: number, content?: string) =>
  policyViewSchema.parse({
    id: p.id,
    name: p.name,
    policyXmlId: p.policyXmlId,
    description: p.description,
    enabled: p.enabled,
    currentVersion: p.currentVersion,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    ...(attachmentCount !== undefined ? { attachmentCount } : {}),
    ...(content !== undefined ? { content } : {}),
  });

/** One stored version of a policy; the document only where it is asked for. */
export const policyVersionViewSchema = z.object({
  version: z.number(),
  current: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  content: z.string().optional(),
});

export const versionView = (
  v: { version: number; createdBy: string | null; createdAt: Date; content?: string },
  currentVersion: number,
) =>
  policyVersionViewSchema.parse({
    version: v.version,
    current: v.version === currentVersion,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    ...(v.content !== undefined ? { content: v.content } : {}),
  });

/** Where a policy is attached: an API, or one of its resources. */
export const attachmentViewSchema = z.object({
  id: z.string(),
  policyId: z.string(),
  api: z.object({ id: z.string(), name: z.string(), version: z.string(), context: z.string() }),
  resource: z.object({ id: z.string().nullable(), method: z.string(), pathTemplate: z.string() }).nullable(),
  onNotApplicable: z.enum(["permit", "deny"]),
  createdAt: z.string(),
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
}) =>
  attachmentViewSchema.parse({
    id: a.id,
    policyId: a.policyId,
    api: { id: a.apiId, name: a.api.name, version: a.api.version, context: a.api.context },
    resource: a.resource
      ? { id: a.resourceId, method: a.resource.method, pathTemplate: a.resource.pathTemplate }
      : null,
    onNotApplicable: a.onNotApplicable === "permit" ? "permit" : "deny",
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
