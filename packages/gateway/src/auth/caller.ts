import type { KeyType } from "../config/snapshot";

/** Who is calling, whatever credential they used: the same fields feed authorization and the backend JWT. */
export interface Caller {
  /** the token's id (JWT jti, or the opaque token's record id) */
  jti: string;
  issuer: string;
  /** the external key manager that vouched for the token; absent for the resident one */
  keyManagerId?: string;
  clientId: string;
  applicationId?: string;
  keyType: KeyType;
  scopes: Set<string>;
  /** end user id, or the client id for application tokens */
  subject: string;
  username?: string;
  roles: string[];
  /** true when the token represents an application alone (client credentials) */
  applicationToken: boolean;
  /** epoch seconds */
  expiresAt: number;
  /** the token's claims, for mapped backend-JWT claims */
  claims: Record<string, unknown>;
}
