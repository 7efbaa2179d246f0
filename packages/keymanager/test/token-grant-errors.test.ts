// One test per RFC error case of the authorization code and refresh token grants at the token
// endpoint: the right error code and status, no-store, no stack trace, and the database exactly as
// it was (or, for a replayed code, what the RFC says must change).
import { randomToken } from "@portico/crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Platform, REDIRECT_URI, startPlatform } from "./fixture";
import { tokenEndpointChecks } from "./token-endpoint-checks";

let p: Platform;
beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => p.close());
const { post, expectRefused, makeCode } = tokenEndpointChecks(() => p);

describe("authorization code grant", () => {
  it("expired code: invalid_grant", async () => {
    const code = await makeCode({ expired: true });
    await expectRefused(
      () =>
        post(
          new URLSearchParams({
            grant_type: "authorization_code",
            code,
            redirect_uri: REDIRECT_URI,
          }).toString(),
        ),
      "invalid_grant",
      400,
    );
  });

  it("unknown code: invalid_grant", () =>
    expectRefused(
      () =>
        post(
          new URLSearchParams({
            grant_type: "authorization_code",
            code: "nope",
            redirect_uri: REDIRECT_URI,
          }).toString(),
        ),
      "invalid_grant",
      400,
    ));

  it("mismatched redirect_uri: invalid_grant", async () => {
    const code = await makeCode();
    await expectRefused(
      () =>
        post(
          new URLSearchParams({
            grant_type: "authorization_code",
            code,
            redirect_uri: "https://app.example.test/other",
          }).toString(),
        ),
      "invalid_grant",
      400,
    );
  });

  it("bad PKCE verifier: invalid_grant", async () => {
    const verifier = randomToken(40);
    const code = await makeCode({ verifier });
    await expectRefused(
      () =>
        post(
          new URLSearchParams({
            grant_type: "authorization_code",
            code,
            redirect_uri: REDIRECT_URI,
            code_verifier: randomToken(40),
          }).toString(),
        ),
      "invalid_grant",
      400,
    );
    await expectRefused(
      () =>
        post(
          new URLSearchParams({
            grant_type: "authorization_code",
            code,
            redirect_uri: REDIRECT_URI,
          }).toString(),
        ),
      "invalid_grant",
      400,
    );
    const ok = await post(
      new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      }).toString(),
    );
    expect(ok.status).toBe(200);
  });

  it("replayed code: invalid_grant, and the token from its first use is revoked", async () => {
    const code = await makeCode();
    const form = new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
    }).toString();
    const first = await post(form);
    expect(first.status).toBe(200);
    const replay = await post(form);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    const jti = decodeJwt(first.body.access_token as string).jti as string;
    const row = await p.db.accessToken.findUniqueOrThrow({ where: { jti } });
    expect(row.revokedAt).not.toBeNull();
  });
});

describe("refresh token grant", () => {
  it("unknown refresh token: invalid_grant", () =>
    expectRefused(() => post("grant_type=refresh_token&refresh_token=nope"), "invalid_grant", 400));

  it("another client's refresh token: invalid_grant, and the token stays usable", async () => {
    const tokens = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
    });
    const other = await createClient(p.db, { applicationId: null, grantTypes: ["refresh_token"] });
    await expectRefused(
      () =>
        p.token(
          { grant_type: "refresh_token", refresh_token: tokens.body.refresh_token as string },
          other,
        ) as never,
      "invalid_grant",
      400,
    );
    const ok = await p.token({
      grant_type: "refresh_token",
      refresh_token: tokens.body.refresh_token as string,
    });
    expect(ok.status).toBe(200);
  });

  it("asking for a wider scope on refresh: invalid_scope", async () => {
    const tokens = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
      scope: "pizza:open",
    });
    await expectRefused(
      () =>
        p.token({
          grant_type: "refresh_token",
          refresh_token: tokens.body.refresh_token as string,
          scope: "pizza:open pizza:read",
        }) as never,
      "invalid_scope",
      400,
    );
  });
});
