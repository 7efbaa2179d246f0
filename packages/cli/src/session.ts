// Signing in and staying signed in: the key manager's metadata through openid-client, the device
// flow or the password grant for the first-party `portico-cli` client, tokens kept in the config
// file and refreshed when less than a minute is left.
import * as oidc from "openid-client";
import { type Environment, readConfig, type StoredTokens, writeConfig } from "./config";
import { CliError } from "./errors";
import { type Fetch, fetchFor, restBase } from "./http";

export const CLI_CLIENT_ID = "portico-cli";
/** Every REST scope; the key manager grants those the user's roles allow. */
export const REST_SCOPES =
  "openid portico:api_view portico:api_create portico:api_publish portico:subscribe portico:app_manage portico:admin";

/** The issuer: configured, or the token URL of the publisher API's OpenAPI document. */
export async function issuerOf(env: Environment, fetch: Fetch): Promise<string> {
  if (env.issuer) return env.issuer;
  const res = await fetch(`${restBase(env, "publisher")}/openapi.json`);
  if (!res.ok)
    throw new CliError(`cannot read the publisher API's OpenAPI document (${res.status}); set --issuer`);
  const document = (await res.json()) as {
    components?: { securitySchemes?: { portico?: { flows?: { password?: { tokenUrl?: string } } } } };
  };
  const tokenUrl = document.components?.securitySchemes?.portico?.flows?.password?.tokenUrl;
  if (!tokenUrl) throw new CliError("the publisher API does not name its key manager; set --issuer");
  return tokenUrl.replace(/\/oauth2\/token$/, "");
}

export async function oidcConfiguration(env: Environment): Promise<oidc.Configuration> {
  const fetch = fetchFor(env);
  const custom: oidc.CustomFetch = (url, options) => fetch(url, options as RequestInit);
  const issuer = await issuerOf(env, fetch);
  try {
    const config = await oidc.discovery(new URL(issuer), CLI_CLIENT_ID, undefined, oidc.None(), {
      [oidc.customFetch]: custom,
    });
    config[oidc.customFetch] = custom;
    return config;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read the key manager's metadata at ${issuer}: ${(error as Error).message}`);
  }
}

export function toStoredTokens(response: oidc.TokenEndpointResponse, subject?: string): StoredTokens {
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    expiresAt: Date.now() + (response.expires_in ?? 3600) * 1000,
    scope: response.scope ?? "",
    subject,
  };
}

/** openid-client's OAuth errors as CliErrors naming the RFC code. */
export function oauthFailure(error: unknown, what: string): CliError {
  if (error instanceof CliError) return error;
  const e = error as { error?: string; error_description?: string; message?: string };
  if (e.error)
    return new CliError(
      `${what}: ${e.error}${e.error_description ? `: ${e.error_description}` : ""}`,
      e.error,
    );
  return new CliError(`${what}: ${e.message ?? String(error)}`);
}

export function saveTokens(name: string, tokens: StoredTokens | undefined): void {
  const config = readConfig();
  const env = config.environments[name];
  if (!env) throw new CliError(`no environment named "${name}"`);
  if (tokens) env.tokens = tokens;
  else delete env.tokens;
  writeConfig(config);
}

/** A usable access token for the environment, refreshed (and saved) when it is about to expire. */
export async function accessToken(name: string, env: Environment): Promise<string> {
  const tokens = env.tokens;
  if (!tokens) throw new CliError(`not signed in to "${name}": run \`portico login\``, "not_signed_in");
  if (tokens.expiresAt - Date.now() > 60_000) return tokens.accessToken;
  if (!tokens.refreshToken)
    throw new CliError(`the session for "${name}" expired: run \`portico login\` again`, "not_signed_in");
  const config = await oidcConfiguration(env);
  let refreshed: oidc.TokenEndpointResponse;
  try {
    refreshed = await oidc.refreshTokenGrant(config, tokens.refreshToken);
  } catch (error) {
    throw oauthFailure(error, `the session for "${name}" could not be refreshed (run \`portico login\`)`);
  }
  const next = toStoredTokens(refreshed, tokens.subject);
  next.refreshToken ??= tokens.refreshToken;
  saveTokens(name, next);
  env.tokens = next;
  return next.accessToken;
}
