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
  /**
   * Issues an access token for an application's client at the key manager, on behalf of the
   * application's owner (the developer portal's trusted path; see devportal/tokens.ts).
   */
  issueApplicationToken?: (input: IssueApplicationTokenInput) => Promise<IssuedToken>;
}

export interface IssueApplicationTokenInput {
  consumerKey: string;
  ownerId: string;
  scopes: string[];
  validityPeriod: number;
  /** RFC 9449 JWK thumbprint of the developer's DPoP key: the token is bound to it (`cnf.jkt`) */
  dpopJkt?: string;
}

export interface IssuedToken {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}
