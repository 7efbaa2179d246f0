import type { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import type { Principal } from "./auth/principal";

/** What every operation receives: the database, who acts, and platform settings it needs. */
export interface OperationContext {
  db: Db;
  actor: Principal;
  redisUrl?: string;
  gatewayUrl: string;
  issuer: string;
  /** for operations that store reversible secrets */
  keyring?: MasterKeyring;
}
