import { encryptSecret } from "@portico/crypto";
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { discoverKeyManager } from "./discover-key-manager";
import { toKeyManagerView } from "./key-manager-view";

const httpsUrl = z.url().refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL");
const createKeyManagerInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    discoveryUrl: httpsUrl,
    clientId: z.string().min(1).max(200).optional(),
    clientSecret: z.string().min(1).max(500).optional(),
    claimMappings: z.record(z.string(), z.string()).default({}),
    enabled: z.boolean().default(true),
  })
  .strict();

/** Adds an external OpenID/OAuth key manager from its discovery URL; its client secret is stored encrypted. */
export async function createKeyManager(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(createKeyManagerInput, body);
  const keyring = data.clientSecret ? ctx.keyring : undefined;
  if (data.clientSecret && !keyring)
    throw new AppError("INTERNAL", "no master key available to encrypt the client secret");
  const found = await discoverKeyManager(data.discoveryUrl);
  if (await ctx.db.keyManager.findFirst({ where: { OR: [{ name: data.name }, { issuer: found.issuer }] } })) {
    throw new AppError("CONFLICT", "a key manager with this name or issuer exists");
  }
  const row = await ctx.db.keyManager.create({
    data: {
      name: data.name,
      type: "EXTERNAL",
      ...found,
      discoveryUrl: data.discoveryUrl,
      clientId: data.clientId,
      claimMappings: data.claimMappings,
      enabled: data.enabled,
    },
  });
  if (data.clientSecret && keyring) {
    await ctx.db.keyManager.update({
      where: { id: row.id },
      data: { clientSecretEnc: encryptSecret(keyring, data.clientSecret, `key-manager:${row.id}`) },
    });
  }
  await audit(
    ctx.db,
    ctx.actor,
    "key_manager.create",
    { type: "key_manager", id: row.id },
    { name: data.name, issuer: found.issuer },
  );
  await recordChange(ctx.db, { topic: "key-manager", entityId: row.id }, ctx.redisUrl);
  return toKeyManagerView(await ctx.db.keyManager.findUniqueOrThrow({ where: { id: row.id } }));
}
