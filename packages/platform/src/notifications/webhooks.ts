import { encryptSecret, randomToken } from "@portico/crypto";
import { stringList } from "@portico/db";
import { z } from "zod";
import { refusalOf } from "../apis/endpoint-egress";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { changedFields, partialUpdateInput } from "../update-input";
import { notificationEvents } from "./notify";

const webhookFields = {
  name: z.string().trim().min(1).max(100),
  url: z
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL"),
  /** the gateway environment the hook is about; free text until environments are modelled */
  environment: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, "lowercase letters, digits, dashes and underscores")
    .nullable()
    .default(null),
  /** the events it hears; empty: every event */
  events: z.array(z.enum(notificationEvents)).max(notificationEvents.length).default([]),
  enabled: z.boolean().default(true),
};
const createWebhookInput = z.object(webhookFields).strict();
export const updateWebhookInput = partialUpdateInput(webhookFields);

type WebhookRow = {
  id: string;
  name: string;
  url: string;
  secretHint: string;
  environment: string | null;
  events: unknown;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};

function toWebhookView(w: WebhookRow) {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    secretHint: w.secretHint,
    environment: w.environment,
    events: stringList(w.events),
    enabled: w.enabled,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** 400 naming `url` when the platform would not call it (the same rule as API endpoints). */
async function checkWebhookUrl(url: string): Promise<void> {
  const refusal = await refusalOf(url);
  if (refusal)
    throw new AppError("VALIDATION_FAILED", `url: Portico does not call ${url}: ${refusal.reason}`, {
      fields: [{ field: "url", message: `${refusal.reason} (PORTICO_BACKEND_ALLOW)` }],
    });
}

async function refuseTakenName(ctx: OperationContext, name: string, except?: string) {
  const clash = await ctx.db.webhook.findUnique({ where: { name } });
  if (clash && clash.id !== except)
    throw new AppError("CONFLICT", `a webhook named ${name} exists`, {
      fields: [{ field: "name", message: "taken" }],
    });
}

/**
 * Adds an outgoing webhook. Its signing secret is generated, shown once in this answer, and
 * stored envelope-encrypted (the platform needs it again to sign every delivery).
 */
export async function createWebhook(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(createWebhookInput, body);
  const keyring = ctx.keyring;
  if (!keyring) throw new AppError("INTERNAL", "no master key available to encrypt the webhook secret");
  await checkWebhookUrl(data.url);
  await refuseTakenName(ctx, data.name);
  const secret = `whsec_${randomToken(32)}`;
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: {
        name: data.name,
        url: data.url,
        environment: data.environment,
        events: data.events,
        enabled: data.enabled,
        secretEnc: "",
        secretHint: secret.slice(-4),
      },
    });
    // bound to its row, so a ciphertext copied to another webhook does not decrypt
    return tx.webhook.update({
      where: { id: created.id },
      data: { secretEnc: encryptSecret(keyring, secret, `webhook:${created.id}`) },
    });
  });
  await audit(ctx.db, ctx.actor, "webhook.create", { type: "webhook", id: row.id }, { name: row.name });
  return { ...toWebhookView(row), secret };
}

export async function listWebhooks(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  const rows = await ctx.db.webhook.findMany({ orderBy: { name: "asc" } });
  return rows.map(toWebhookView);
}

/** A partial update: the fields sent change, the others (and the secret) stay. */
export async function updateWebhook(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(updateWebhookInput, body);
  const before = await ctx.db.webhook.findUnique({ where: { id } });
  if (!before) throw notFound("webhook");
  if (data.url !== undefined) await checkWebhookUrl(data.url);
  if (data.name !== undefined) await refuseTakenName(ctx, data.name, id);
  const row = await ctx.db.webhook.update({
    where: { id },
    data: {
      name: data.name,
      url: data.url,
      environment: data.environment,
      events: data.events,
      enabled: data.enabled,
    },
  });
  const after = toWebhookView(row);
  await audit(
    ctx.db,
    ctx.actor,
    "webhook.update",
    { type: "webhook", id },
    { fields: changedFields(toWebhookView(before), after, Object.keys(updateWebhookInput.shape)) },
  );
  return after;
}

export async function deleteWebhook(ctx: OperationContext, id: string): Promise<void> {
  requireScope(ctx.actor, RestScope.admin);
  const { count } = await ctx.db.webhook.deleteMany({ where: { id } });
  if (count === 0) throw notFound("webhook");
  await audit(ctx.db, ctx.actor, "webhook.delete", { type: "webhook", id });
}

/** A webhook's delivery log, newest first: what was sent, how often, and what came back. */
export async function listWebhookDeliveries(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  if (!(await ctx.db.webhook.findUnique({ where: { id } }))) throw notFound("webhook");
  const rows = await ctx.db.webhookDelivery.findMany({
    where: { webhookId: id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
  });
  return rows.map((d) => ({
    id: d.id,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    body: d.body,
  }));
}
