import { isIP } from "node:net";
import { z } from "zod";
import { isBackendAllowList } from "./backend-egress";
import { dataDir, defaultDatabaseUrl } from "./paths";

/** Raised when a setting is missing or malformed; the message names the setting. */
export class SettingsError extends Error {
  readonly code = "ERR_SETTINGS";
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = "SettingsError";
  }
}

const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z.url().refine((value) => protocols.some((p) => value.startsWith(`${p}:`)), {
    message: `must be a ${protocols.join(" or ")} URL`,
  });

const databaseUrl = z
  .string()
  .refine((v) => v.startsWith("file:") || v.startsWith("postgresql://") || v.startsWith("postgres://"), {
    message: "must be a file: (SQLite) or postgresql:// URL",
  });

/** Node's names for TLS protocol versions. */
const tlsVersion = z.enum(["TLSv1.2", "TLSv1.3"]);

/** IP addresses and CIDR blocks, comma-separated */
const addressOrBlockList = z
  .string()
  .refine((v) => v.split(",").every((entry) => isAddressOrBlock(entry.trim())), {
    message: "must be IP addresses or CIDR blocks (10.0.0.0/8, fd00::/8), comma-separated",
  });

// Every setting of the design, with its default. Addresses are settings too.
const schema = z.object({
  DATABASE_URL: databaseUrl.optional(),
  REDIS_URL: url(["redis", "rediss"]).optional(),
  PORTICO_DATA_DIR: z.string().min(1).optional(),
  /** 32 bytes, base64 or hex; several separated by commas (newest first) during rotation */
  PORTICO_MASTER_KEY: z
    .string()
    .min(1)
    .refine((v) => v.split(",").every((k) => decodesTo32Bytes(k.trim())), {
      message: "must be 32 bytes in base64 or 64 hex characters (comma-separated, newest first)",
    })
    .optional(),
  PORTICO_ADMIN_USERNAME: z
    .string()
    .regex(/^[A-Za-z0-9._@-]{3,64}$/, "must be 3-64 letters, digits or . _ @ -")
    .default("admin"),
  PORTICO_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  PORTICO_ISSUER: url(["https", "http"]).default("https://localhost:9443"),
  PORTICO_TLS_CERT: z.string().min(1).optional(),
  PORTICO_TLS_KEY: z.string().min(1).optional(),
  PORTICO_TLS_MIN_VERSION: tlsVersion.default("TLSv1.2"),
  PORTICO_TLS_CIPHERS: z
    .string()
    .regex(/^[A-Za-z0-9_:+!-]+$/, "must be an OpenSSL cipher list")
    .optional(),
  PORTICO_SERVER_HEADER: z.string().max(100).optional(),
  /**
   * a PEM file of the CA certificates client certificates are checked against: set, the gateway's
   * HTTPS port asks callers for a certificate (RFC 8705 mutual TLS); a call without one still
   * reaches APIs that do not require it
   */
  PORTICO_GATEWAY_CLIENT_CA: z.string().min(1).optional(),
  /**
   * a PEM file of the CA certificates the key manager trusts for RFC 8705 `tls_client_auth`
   * (clients authenticated by a CA-issued certificate with their registered subject DN); without
   * it, clients can still use `self_signed_tls_client_auth` and get certificate-bound tokens
   */
  PORTICO_KM_CLIENT_CA: z.string().min(1).optional(),
  /** a PEM file of CA certificates the gateway trusts for HTTPS backends, besides Node's bundle */
  PORTICO_BACKEND_CA: z.string().min(1).optional(),
  /** PEM files of the client certificate and key the gateway shows backends that ask for one (mutual TLS) */
  PORTICO_BACKEND_CLIENT_CERT: z.string().min(1).optional(),
  PORTICO_BACKEND_CLIENT_KEY: z.string().min(1).optional(),
  /**
   * backend addresses the gateway may call although they are loopback or link-local: addresses
   * and CIDR blocks, each optionally with a port (`127.0.0.1:8181`, `[::1]:8181`, `10.0.0.0/8`)
   */
  PORTICO_BACKEND_ALLOW: z
    .string()
    .refine(isBackendAllowList, {
      message:
        "must be IP addresses or CIDR blocks, each optionally with :port (127.0.0.1:8181, [::1]:8181), comma-separated",
    })
    .optional(),
  /**
   * the gateway environment this gateway joins: it serves the API revisions deployed there (and,
   * in `default`, APIs never deployed, as saved)
   */
  PORTICO_GATEWAY_ENVIRONMENT: z
    .string()
    .regex(/^[a-z0-9-]{1,50}$/, "must be an environment name: 1 to 50 of a-z, 0-9 and -")
    .default("default"),
  /** who may read the gateway's /_portico/metrics: IP addresses and CIDR blocks, comma-separated */
  PORTICO_GATEWAY_METRICS_ALLOW: addressOrBlockList.default("127.0.0.1,::1"),
  /**
   * proxies (IP addresses and CIDR blocks) whose X-Forwarded-For is believed: the client's address
   * is then read from the header's right end; none by default, so it is the connection's address
   */
  PORTICO_TRUSTED_PROXIES: addressOrBlockList.optional(),
  PORTICO_HOST: z.string().min(1).default("localhost"),
  PORTICO_PUBLISHER_PORT: port.default(3000),
  PORTICO_DEVPORTAL_PORT: port.default(3001),
  PORTICO_KEYMANAGER_PORT: port.default(9443),
  PORTICO_GATEWAY_HTTPS_PORT: port.default(8243),
  PORTICO_GATEWAY_HTTP_PORT: port.default(8280),
  PORTICO_SAMPLE_BACKEND_PORT: port.default(8181),
  PORTICO_PUBLISHER_URL: url(["http", "https"]).optional(),
  PORTICO_DEVPORTAL_URL: url(["http", "https"]).optional(),
  PORTICO_GATEWAY_URL: url(["https", "http"]).optional(),
  PORTICO_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /**
   * the PostgreSQL server on which `db:migration:new` makes its scratch (shadow) database when it
   * writes the PostgreSQL migration; a development setting, read by no service
   */
  PORTICO_MIGRATION_PG_URL: url(["postgresql", "postgres"]).default(
    "postgresql://postgres@127.0.0.1:5432/postgres",
  ),
  /** OpenTelemetry's standard setting: the OTLP/HTTP collector base URL; tracing is off without it */
  OTEL_EXPORTER_OTLP_ENDPOINT: url(["http", "https"]).optional(),
});

function isAddressOrBlock(value: string): boolean {
  const [address = "", prefix, extra] = value.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function decodesTo32Bytes(value: string): boolean {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return true;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === 32;
}

type Raw = z.infer<typeof schema>;

export interface Settings extends Raw {
  dataDir: string;
  databaseUrl: string;
  databaseProvider: "sqlite" | "postgresql";
  publisherUrl: string;
  devportalUrl: string;
  gatewayUrl: string;
  gatewayHttpUrl: string;
}

/**
 * Reads and validates Portico's settings from the environment.
 * Throws SettingsError naming the first bad setting.
 */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // Empty strings mean "not set", as shells and .env files produce them.
  const input = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in schema.shape && v !== ""));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const setting = String(issue?.path[0] ?? "settings");
    throw new SettingsError(setting, issue?.message ?? "invalid");
  }
  const raw = parsed.data;
  for (const [cert, key] of [
    ["PORTICO_TLS_CERT", "PORTICO_TLS_KEY"],
    ["PORTICO_BACKEND_CLIENT_CERT", "PORTICO_BACKEND_CLIENT_KEY"],
  ] as const) {
    if (Boolean(raw[cert]) !== Boolean(raw[key]))
      throw new SettingsError(raw[cert] ? key : cert, `${cert} and ${key} must be set together`);
  }
  const dir = dataDir(raw.PORTICO_DATA_DIR);
  const databaseUrl = raw.DATABASE_URL ?? defaultDatabaseUrl(dir);
  const host = raw.PORTICO_HOST;
  return {
    ...raw,
    dataDir: dir,
    databaseUrl,
    databaseProvider: databaseUrl.startsWith("file:") ? "sqlite" : "postgresql",
    publisherUrl: raw.PORTICO_PUBLISHER_URL ?? `http://${host}:${raw.PORTICO_PUBLISHER_PORT}`,
    devportalUrl: raw.PORTICO_DEVPORTAL_URL ?? `http://${host}:${raw.PORTICO_DEVPORTAL_PORT}`,
    gatewayUrl: raw.PORTICO_GATEWAY_URL ?? `https://${host}:${raw.PORTICO_GATEWAY_HTTPS_PORT}`,
    gatewayHttpUrl: `http://${host}:${raw.PORTICO_GATEWAY_HTTP_PORT}`,
  };
}

/** For process entry points: valid settings, or one clear line on stderr and exit code 2. */
export function settingsOrExit(env: NodeJS.ProcessEnv = process.env): Settings {
  try {
    return loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) {
      process.stderr.write(`portico: invalid setting ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
