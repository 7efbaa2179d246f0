// Sets the NT hash a user proves with the NTLM grant (`iwa:ntlm` at the key manager). The hash is a
// password equivalent for NTLM: it is stored only envelope-encrypted, in the exact form the key
// manager's grants/iwa-ntlm.ts reads — `encryptSecret(keyring, <32 lower-case hex>, "user-nt-hash:"+id)`
// in User.ntHashEnc — and is never returned, logged or audited.
//
// The hash is MD4 of the UTF-16LE password (MS-NLMP NTOWFv1): enterprise-auth's computeNtHash, from
// its narrow `nt-hash` entry, which loads neither the Kerberos acceptor nor the SAML validator.
import { encryptSecret } from "@portico/crypto";
import { computeNtHash } from "@portico/enterprise-auth/nt-hash";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";

// Either the Windows password (hashed here, never stored) or a hash exported from a directory
// (e.g. by an admin migrating accounts). Windows passwords have no Portico length policy: the
// domain controller decided it; 256 is Windows' own maximum.
export const setUserNtHashInput = z
  .object({
    password: z.string().min(1, "enter the Windows password").max(256).optional(),
    ntHash: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{32}$/, "32 hexadecimal characters (16 bytes)")
      .optional(),
  })
  .strict()
  .superRefine((value, context) => {
    if ((value.password === undefined) === (value.ntHash === undefined))
      context.addIssue({
        code: "custom",
        path: [value.password === undefined ? "password" : "ntHash"],
        message: "give either a password or an NT hash, not both",
      });
  });

/** NTOWFv1: MD4 of the UTF-16LE password, as 32 lower-case hex characters. */
/** Stores the user's NT hash, computed from `password` (MD4 of UTF-16LE) or given as `ntHash` hex. */
export async function setUserNtHash(ctx: OperationContext, userId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(setUserNtHashInput, body);
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { id: true, username: true } });
  if (!user) throw notFound("user");
  if (!ctx.keyring) throw new AppError("INTERNAL", "no master key available to encrypt the NT hash");
  const hex = data.password !== undefined ? computeNtHash(data.password).toString("hex") : data.ntHash;
  await ctx.db.user.update({
    where: { id: user.id },
    data: { ntHashEnc: encryptSecret(ctx.keyring, (hex as string).toLowerCase(), `user-nt-hash:${user.id}`) },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "user.nt_hash_set",
    { type: "user", id: user.id },
    { username: user.username, from: data.password !== undefined ? "password" : "hash" },
  );
  return { id: user.id, username: user.username, hasNtHash: true };
}
