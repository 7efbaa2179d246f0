import type { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import type { Settings } from "@portico/settings";
import type { GatewayOptions, RunningGateway } from "../src/index";
import type { Upstream } from "./upstream";

export interface ApiSpec {
  name?: string;
  context: string;
  version?: string;
  state?: "CREATED" | "PUBLISHED" | "DEPRECATED" | "RETIRED" | "BLOCKED";
  isDefaultVersion?: boolean;
  transports?: string[];
  productionEndpoint?: string | null;
  sandboxEndpoint?: string | null;
  productionFailovers?: string[];
  sandboxFailovers?: string[];
  loadBalance?: boolean;
  cors?: Record<string, unknown>;
  backendJwt?: Record<string, unknown>;
  forwardAuthorization?: boolean;
  allowMethodOverride?: boolean;
  /** attached gateway policies as the platform stores them */
  gatewayPolicies?: unknown[];
  throttlingTierId?: string;
  resources: Array<{
    method: string;
    path: string;
    scopes?: string[];
    authRequired?: boolean;
    throttlingTierId?: string;
  }>;
}

export interface MintOptions {
  clientId: string;
  scope?: string;
  sub?: string;
  username?: string;
  roles?: string[];
  applicationId?: string;
  keyType?: "PRODUCTION" | "SANDBOX";
  expiresIn?: number;
  /** override claims or header for bad-token tests */
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  /** skip the AccessToken row */
  noRecord?: boolean;
  now?: number;
}

export interface World {
  dir: string;
  db: Db;
  settings: Settings;
  keyring: MasterKeyring;
  upstream: Upstream;
  residentKeyManagerId: string;
  ownerId: string;
  ownerName: string;
  tier(
    name: string,
    requestCount: number | null,
    unitSeconds?: number,
    level?: "SUBSCRIPTION" | "APPLICATION" | "API",
    burst?: number,
  ): Promise<string>;
  createApi(spec: ApiSpec): Promise<{ id: string; resourceIds: string[] }>;
  createApplication(
    name: string,
    tierId?: string,
  ): Promise<{ id: string; productionClientId: string; sandboxClientId: string }>;
  subscribe(
    applicationId: string,
    apiId: string,
    tierId?: string,
    state?: "ACTIVE" | "BLOCKED" | "PROD_ONLY_BLOCKED" | "ON_HOLD" | "REJECTED",
  ): Promise<string>;
  mintJwt(options: MintOptions): Promise<{ token: string; jti: string }>;
  mintOpaque(options: MintOptions): Promise<{ token: string; jti: string }>;
  revoke(jti: string): Promise<void>;
  change(topic: string, entityId?: string): Promise<void>;
  start(options?: Partial<GatewayOptions>): Promise<RunningGateway>;
  close(): Promise<void>;
}
