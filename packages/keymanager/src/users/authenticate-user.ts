import { verifySecret } from "@portico/crypto";
import type { Db, User } from "@portico/db";

// A real hash of a random value, so an unknown username costs the same time as a wrong password.
const DECOY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** The user with this username and password, or null; disabled users never sign in. */
export async function authenticateUser(db: Db, username: string, password: string): Promise<User | null> {
  const user = await db.user.findUnique({ where: { username } });
  if (!user?.passwordHash || user.disabled) {
    await verifySecret(password, DECOY_HASH).catch(() => false);
    return null;
  }
  return (await verifySecret(password, user.passwordHash)) ? user : null;
}
