// `portico login`: the device flow (RFC 8628; the verification URL and code are printed on
// stderr), or with `--password` the password grant with PORTICO_USERNAME / PORTICO_PASSWORD from
// the environment, for CI. `portico logout` forgets the tokens.
import type { Command } from "commander";
import * as oidc from "openid-client";
import type { Context } from "../context";
import { passwordCredentials } from "../env";
import { UsageError } from "../errors";
import { oauthFailure, oidcConfiguration, REST_SCOPES, saveTokens, toStoredTokens } from "../session";

function subjectOf(accessToken: string): string | undefined {
  try {
    const payload = accessToken.split(".")[1];
    return payload
      ? (JSON.parse(Buffer.from(payload, "base64url").toString()) as { sub?: string }).sub
      : undefined;
  } catch {
    return undefined; // an opaque token
  }
}

export function registerLoginCommands(program: Command, context: () => Context): void {
  program
    .command("login")
    .description("sign in to the environment (device flow; --password for CI)")
    .option("--password", "use PORTICO_USERNAME and PORTICO_PASSWORD from the environment (CI)", false)
    .option("--username <name>", "the username (else PORTICO_USERNAME)")
    .option("--scope <scopes>", "the scopes to ask for", REST_SCOPES)
    .action(async (opts: { password: boolean; username?: string; scope: string }) => {
      const ctx = context();
      const { name, env } = ctx.environment();
      const config = await ctx.progress.run("Reading the key manager's metadata", () =>
        oidcConfiguration(env),
      );
      let response: oidc.TokenEndpointResponse;
      let subject: string | undefined;
      if (opts.password) {
        const credentials = passwordCredentials();
        const username = opts.username ?? credentials.username;
        if (!username) throw new UsageError("--password needs --username or PORTICO_USERNAME");
        if (!credentials.password)
          throw new UsageError("--password reads the password from PORTICO_PASSWORD, which is not set");
        subject = username;
        try {
          response = await ctx.progress.run("Signing in", () =>
            oidc.genericGrantRequest(config, "password", {
              username,
              password: credentials.password as string,
              scope: opts.scope,
            }),
          );
        } catch (error) {
          throw oauthFailure(error, "sign-in failed");
        }
      } else {
        let device: oidc.DeviceAuthorizationResponse;
        try {
          device = await oidc.initiateDeviceAuthorization(config, { scope: opts.scope });
        } catch (error) {
          throw oauthFailure(error, "the key manager refused the device sign-in");
        }
        ctx.printer.note(
          `To sign in, open ${device.verification_uri} and enter the code ${device.user_code}\n(or open ${device.verification_uri_complete ?? device.verification_uri})`,
        );
        try {
          response = await ctx.progress.run("Waiting for approval in the browser", () =>
            oidc.pollDeviceAuthorizationGrant(config, device),
          );
        } catch (error) {
          throw oauthFailure(error, "sign-in failed");
        }
      }
      subject = subjectOf(response.access_token) ?? subject;
      const tokens = toStoredTokens(response, subject);
      saveTokens(name, tokens);
      ctx.printer.result({
        environment: name,
        subject: tokens.subject ?? null,
        scope: tokens.scope,
        expiresAt: new Date(tokens.expiresAt).toISOString(),
      });
    });
  program
    .command("logout")
    .description("forget the environment's tokens")
    .action(() => {
      const ctx = context();
      const { name } = ctx.environment();
      saveTokens(name, undefined);
      ctx.printer.result({ environment: name, signedIn: false });
    });
}
