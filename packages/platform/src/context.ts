import type { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import type { Principal } from "./auth/principal";

/** What every operation receives: the database, who acts, the clock, and platform settings it needs. */
export interface OperationContext {
  db: Db;
  actor: Principal;
  /** business time: expiry, revocation and "now" windows read this clock, so tests can freeze it */
  now(): Date;
  redisUrl?: string;
  gatewayUrl: string;
  issuer: string;
  /** for operations that store reversible secrets */
  keyring?: MasterKeyring;
  /**
   * Issues an access token for an application's client at the key manager, on behalf of the
   * application's owner (the developer portal's trusted path; see devportal/generate-token.ts).
   */
  issueApplicationToken?: (input: IssueApplicationTokenInput) => Promise<IssuedToken>;
}

/** What an app knows once, at start; `buildOperationContext` turns it and an actor into a context. */
export interface PlatformSetup {
  db: Db;
  issuer: string;
  gatewayUrl: string;
  redisUrl?: string;
  /** loaded on first use, so pages that store no secrets never create the master key */
  keyring?: () => MasterKeyring;
  issueApplicationToken?: OperationContext["issueApplicationToken"];
  /** the wall clock unless a test freezes it */
  now?: () => Date;
}

const wallClock = () => new Date();

/** The one way an operation context is built, for portal pages, server actions and REST alike. */
export function buildOperationContext(setup: PlatformSetup, actor: Principal): OperationContext {
  const { keyring } = setup;
  return {
    db: setup.db,
    actor,
    now: setup.now ?? wallClock,
    redisUrl: setup.redisUrl,
    gatewayUrl: setup.gatewayUrl,
    issuer: setup.issuer,
    get keyring() {
      return keyring?.();
    },
    issueApplicationToken: setup.issueApplicationToken,
  };
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
