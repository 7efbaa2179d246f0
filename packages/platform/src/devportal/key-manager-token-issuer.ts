import type { MasterKeyring } from "@portico/crypto";
import { APPLICATION_TOKEN_GRANT, portalClientSecret } from "@portico/issuer-admin";
import type { IssueApplicationTokenInput, IssuedToken } from "../context";
import { AppError } from "../errors";

export { APPLICATION_TOKEN_GRANT };

/**
 * The developer portal's way to generate tokens for a developer's application keys: it asks the
 * key manager's token endpoint with the application-token grant, authenticated as its own
 * confidential client (whose secret is derived from the master key).
 */
export function keyManagerTokenIssuer(options: {
  issuer: string;
  keyring: () => MasterKeyring;
  clientId?: string;
  /** an undici dispatcher, e.g. one trusting a test CA */
  dispatcher?: unknown;
}) {
  const clientId = options.clientId ?? "portico-devportal";
  return async function issueApplicationToken(input: IssueApplicationTokenInput): Promise<IssuedToken> {
    const secret = portalClientSecret(options.keyring(), clientId);
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString(
      "base64",
    );
    let res: Response;
    try {
      res = await fetch(`${options.issuer}/oauth2/token`, {
        method: "POST",
        headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: APPLICATION_TOKEN_GRANT,
          application_client_id: input.consumerKey,
          owner: input.ownerId,
          scope: input.scopes.join(" "),
          validity_period: String(input.validityPeriod),
          ...(input.dpopJkt ? { dpop_jkt: input.dpopJkt } : {}),
        }),
        signal: AbortSignal.timeout(10_000),
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      } as RequestInit);
    } catch (cause) {
      throw new AppError("INTERNAL", "the key manager could not be reached", undefined, { cause });
    }
    const body = (await res.json().catch(() => ({}))) as IssuedToken & {
      error?: string;
      error_description?: string;
    };
    if (!res.ok) {
      throw new AppError(
        res.status >= 500 ? "INTERNAL" : "VALIDATION_FAILED",
        `the key manager refused: ${body.error_description ?? body.error ?? res.status}`,
      );
    }
    return body;
  };
}
