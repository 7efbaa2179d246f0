// Configuration and revocation events between the portals, the key manager and the gateway.
// Every change is written to the ChangeEvent table (polled when nothing faster is at hand) and,
// with REDIS_URL, also published on CHANGE_CHANNEL; on PostgreSQL a trigger on the table also
// sends it as a notification on channel portico_changes (LISTEN/NOTIFY).

export const CHANGE_CHANNEL = "portico:changes";

export type ChangeTopic =
  | "api"
  | "subscription"
  | "application"
  | "client"
  | "token.revoked"
  | "key-manager"
  | "signing-key"
  | "policy"
  | "tier"
  | "settings";

export interface ChangeMessage {
  topic: ChangeTopic;
  /** the changed row's id; for token.revoked, the token's jti */
  entityId?: string;
}
