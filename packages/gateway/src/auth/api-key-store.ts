// API keys at the gateway: looked up by their SHA-256 (the only form stored), remembered for a
// few seconds, and turned into a Caller that carries the application's subscriptions and tiers
// but no OAuth scopes. Revocation arrives as a `token.revoked` event for `apikey:<id>`.
import { createHash } from "node:crypto";
import type { Db } from "@portico/db";
import { AddressList } from "@portico/settings";
import { GatewayError } from "../errors";
import type { Caller } from "./caller";
import type { RevocationList } from "./revocation-list";

/** The caller's (and the revocation list's) id of an API key. */
export function apiKeyJti(id: string): string {
  return `apikey:${id}`;
}

export function apiKeyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

interface ApiKeyEntry {
  caller: Caller;
  /** epoch ms; undefined: no expiry */
  expiresAt?: number;
  allowedIps: AddressList;
  allowedReferrers: RegExp[];
  /** epoch ms: look the row up again after this */
  freshUntil: number;
}

const CACHE_MS = 5_000;

export function invalidApiKey(description: string, header: string): GatewayError {
  return new GatewayError(401, "invalid_api_key", description, {
    "www-authenticate": `APIKey realm="portico", header="${header}", error="invalid_api_key"`,
  });
}

/** `https://app.example.com/*` as an anchored pattern: `*` is the only wildcard. */
function referrerPattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export class ApiKeyStore {
  private readonly entries = new Map<string, ApiKeyEntry | null>();

  constructor(
    private readonly db: Db,
    private readonly revocations: RevocationList,
  ) {}

  clear(): void {
    this.entries.clear();
  }

  /** The caller a presented key stands for, or a 401 naming the header it came in. */
  async authenticate(
    key: string,
    context: { now: number; clientIp: string; referrer: string | undefined; header: string },
  ): Promise<Caller> {
    if (key.length < 16 || key.length > 200) throw invalidApiKey("the API key is not valid", context.header);
    const hash = apiKeyHash(key);
    let entry = this.entries.get(hash);
    if (entry === undefined || (entry !== null && entry.freshUntil <= context.now))
      entry = await this.load(hash, context.now);
    if (!entry) throw invalidApiKey("the API key is not valid", context.header);
    if (this.revocations.has(entry.caller.jti))
      throw invalidApiKey("the API key has been revoked", context.header);
    if (entry.expiresAt !== undefined && entry.expiresAt <= context.now)
      throw invalidApiKey("the API key has expired", context.header);
    if (!entry.allowedIps.empty && !entry.allowedIps.has(context.clientIp))
      throw new GatewayError(403, "invalid_api_key", "the API key may not be used from this address", {
        "www-authenticate": `APIKey realm="portico", header="${context.header}", error="invalid_api_key"`,
      });
    if (
      entry.allowedReferrers.length > 0 &&
      !entry.allowedReferrers.some((p) => context.referrer !== undefined && p.test(context.referrer))
    )
      throw new GatewayError(403, "invalid_api_key", "the API key may not be used from this referrer", {
        "www-authenticate": `APIKey realm="portico", header="${context.header}", error="invalid_api_key"`,
      });
    return entry.caller;
  }

  private async load(hash: string, now: number): Promise<ApiKeyEntry | null> {
    const row = await this.db.apiKey.findUnique({
      where: { keyHash: hash },
      include: {
        application: { select: { id: true, ownerId: true, owner: { select: { disabled: true } } } },
      },
    });
    if (this.entries.size >= 10_000) this.entries.clear();
    if (!row || row.application.owner.disabled) {
      // unknown keys are remembered briefly too, so guessing costs no lookup per call
      this.entries.set(hash, null);
      setTimeout(() => this.entries.get(hash) === null && this.entries.delete(hash), 2_000).unref();
      return null;
    }
    const jti = apiKeyJti(row.id);
    if (row.revokedAt) this.revocations.add(jti, row.expiresAt?.getTime() ?? Number.MAX_SAFE_INTEGER);
    const entry: ApiKeyEntry = {
      caller: {
        jti,
        issuer: "portico:api-key",
        clientId: jti,
        applicationId: row.applicationId,
        keyType: row.keyType,
        // API keys carry no OAuth scopes: a resource that needs a scope refuses them
        scopes: new Set(),
        subject: row.application.ownerId,
        roles: [],
        applicationToken: true,
        expiresAt: row.expiresAt ? Math.floor(row.expiresAt.getTime() / 1000) : Number.MAX_SAFE_INTEGER,
        claims: { application_id: row.applicationId, key_type: row.keyType },
      },
      ...(row.expiresAt ? { expiresAt: row.expiresAt.getTime() } : {}),
      allowedIps: new AddressList(strings(row.allowedIps).join(",")),
      allowedReferrers: strings(row.allowedReferrers).map(referrerPattern),
      freshUntil: now + CACHE_MS,
    };
    this.entries.set(hash, entry);
    return entry;
  }
}
