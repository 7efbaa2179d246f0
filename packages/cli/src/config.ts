// Named environments and their tokens, in one JSON file in the OS config dir. The folder is 0700
// and the file 0600 (it holds refresh tokens); it is written to a temporary file first and
// renamed, so an interrupted write never leaves half a file.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { configDir } from "./env";
import { CliError, UsageError } from "./errors";

export interface StoredTokens {
  accessToken: string;
  refreshToken?: string;
  /** epoch milliseconds */
  expiresAt: number;
  scope: string;
  /** who signed in (from the token's `sub` or the username given) */
  subject?: string;
}

export interface Environment {
  /** the publisher portal (publisher and admin REST APIs) */
  url: string;
  /** the developer portal (devportal REST API) */
  devportalUrl?: string;
  /** the key manager; read from the publisher API's OpenAPI document when absent */
  issuer?: string;
  /** a PEM file of CA certificates to trust (e.g. the local CA, .data/tls/ca.pem) */
  ca?: string;
  tokens?: StoredTokens;
}

export interface Config {
  current?: string;
  environments: Record<string, Environment>;
}

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function configFile(): string {
  return path.join(configDir(), "config.json");
}

export function readConfig(): Config {
  const file = configFile();
  if (!existsSync(file)) return { environments: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Config;
    if (!parsed || typeof parsed !== "object" || typeof parsed.environments !== "object")
      throw new Error("no environments");
    return parsed;
  } catch (error) {
    throw new CliError(`the configuration file ${file} is not readable: ${(error as Error).message}`);
  }
}

export function writeConfig(config: Config): void {
  const dir = configDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = configFile();
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function checkEnvironmentName(name: string): string {
  if (!ENV_NAME.test(name))
    throw new UsageError(`"${name}" is not an environment name (letters, digits, . _ -)`);
  return name;
}

/** The environment a command runs against: `--env`, else the current one. */
export function selectEnvironment(config: Config, requested?: string): { name: string; env: Environment } {
  const name = requested ?? config.current;
  if (!name)
    throw new UsageError("no environment: add one with `portico env add <name> --url <publisher URL>`");
  const env = config.environments[name];
  if (!env) throw new UsageError(`no environment named "${name}" (see \`portico env list\`)`);
  return { name, env };
}
