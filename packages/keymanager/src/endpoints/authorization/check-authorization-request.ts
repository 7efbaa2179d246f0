// The checks of an authorization request once its redirect URI is trusted: their failures go back
// to the client's redirect URI as OAuth errors.
import { type ClientRecord, isPublicClient, stringList } from "../../clients/find-client";
import { InvalidRequest, UnauthorizedClient, UnsupportedResponseType } from "../../errors";
import { isWellFormedPkceValue } from "../../grants/pkce";
import type { Params } from "../../http/exchange";
import type { KeyManager } from "../../key-manager";

export interface PkceChallenge {
  challenge: string;
  method: string;
}

export function checkResponseType(params: Params): void {
  if (params.get("response_type") !== "code") throw new UnsupportedResponseType();
  const mode = params.get("response_mode");
  if (mode !== undefined && mode !== "query")
    throw new InvalidRequest("only response_mode=query is supported");
}

export async function checkClientMayAuthorize(km: KeyManager, client: ClientRecord): Promise<void> {
  if (!(await km.settings.isGrantEnabled("authorization_code"))) {
    throw new UnsupportedResponseType("the authorization code grant is disabled");
  }
  if (!stringList(client.grantTypes).includes("authorization_code")) {
    throw new UnauthorizedClient("the client may not use the authorization code grant");
  }
}

/** RFC 7636 4.3 and RFC 9700 2.1.1: S256 required for public clients and clients marked for it. */
export async function checkPkce(
  km: KeyManager,
  client: ClientRecord,
  params: Params,
): Promise<PkceChallenge | null> {
  const challenge = params.get("code_challenge");
  if (!challenge) {
    if (isPublicClient(client) || client.pkceRequired)
      throw new InvalidRequest("code_challenge (PKCE) is required");
    if (params.has("code_challenge_method"))
      throw new InvalidRequest("code_challenge_method without code_challenge");
    return null;
  }
  // RFC 7636 4.3: the method defaults to plain
  const method = params.get("code_challenge_method") ?? "plain";
  if (method !== "S256" && method !== "plain") throw new InvalidRequest("code_challenge_method must be S256");
  if (method === "plain" && !(await km.settings.pkceAllowPlain())) {
    throw new InvalidRequest("code_challenge_method plain is not allowed; use S256");
  }
  if (!isWellFormedPkceValue(challenge)) throw new InvalidRequest("code_challenge is malformed");
  return { challenge, method };
}

/** OpenID Connect Core 3.1.2.1 `prompt`. */
export function parsePrompt(params: Params): Set<string> {
  const prompt = new Set((params.get("prompt") ?? "").split(" ").filter(Boolean));
  for (const value of prompt) {
    if (!["none", "login", "consent", "select_account"].includes(value))
      throw new InvalidRequest(`unsupported prompt ${value}`);
  }
  if (prompt.has("none") && prompt.size > 1) throw new InvalidRequest("prompt=none cannot be combined");
  return prompt;
}

/** OpenID Connect Core 3.1.2.1 `max_age`, in seconds. */
export function parseMaxAge(params: Params): number | undefined {
  const raw = params.get("max_age");
  if (raw === undefined) return undefined;
  if (!/^[0-9]{1,10}$/.test(raw)) throw new InvalidRequest("max_age must be a number of seconds");
  return Number(raw);
}
