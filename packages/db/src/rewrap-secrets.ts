import { type MasterKeyring, rewrapSecret, wrappedKeyId } from "@portico/crypto";
import type { Db } from "./client";

/** Every column that holds an envelope-encrypted value. */
const encryptedColumns = [
  { model: "signingKey", field: "privateKeyEnc" },
  { model: "keyManager", field: "clientSecretEnc" },
  { model: "user", field: "ntHashEnc" },
  { model: "identityProvider", field: "keytabEnc" },
  { model: "webhook", field: "secretEnc" },
] as const;

type Row = { id: string } & Record<string, string | null>;
interface Delegate {
  findMany(args: unknown): Promise<Row[]>;
  update(args: unknown): Promise<unknown>;
}

/**
 * After a master-key rotation: re-wraps every stored secret's data key under the keyring's
 * current key, one row at a time (the data itself is not re-encrypted; old keys still decrypt
 * until this finishes, so running processes keep working). Returns how many values moved.
 */
export async function rewrapStoredSecrets(db: Db, keyring: MasterKeyring): Promise<number> {
  let moved = 0;
  for (const { model, field } of encryptedColumns) {
    const delegate = (db as unknown as Record<string, Delegate>)[model] as Delegate;
    const rows = await delegate.findMany({ select: { id: true, [field]: true } });
    for (const row of rows) {
      const value = row[field];
      if (!value || wrappedKeyId(value) === keyring.current.id) continue;
      // only update if nobody changed the value meanwhile
      await delegate.update({
        where: { id: row.id, [field]: value },
        data: { [field]: rewrapSecret(keyring, value) },
      });
      moved++;
    }
  }
  return moved;
}
