import { encryptSecret } from "@portico/crypto";
import type { OperationContext } from "../../context";
import { AppError } from "../../errors";

/** Stores a Kerberos keytab (base64) encrypted under the provider's id; nothing when none was sent. */
export async function storeKeytab(ctx: OperationContext, id: string, keytab: string | undefined) {
  if (keytab === undefined) return;
  const keyring = ctx.keyring;
  if (!keyring) throw new AppError("INTERNAL", "no master key available to encrypt the keytab");
  await ctx.db.identityProvider.update({
    where: { id },
    data: { keytabEnc: encryptSecret(keyring, keytab, `identity-provider:${id}`) },
  });
}
