// RFC 7592: read, replace and delete with the registration access token, and nobody else's.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { goodMetadata, type RegistrationPlatform, startRegistrationPlatform } from "./registration-fixture";

let r: RegistrationPlatform;
beforeAll(async () => {
  r = await startRegistrationPlatform();
});
afterAll(async () => r.p.close());
beforeEach(async () => r.setPolicy({}));

describe("RFC 7592 management with the registration access token", () => {
  async function registerClient(metadata: Record<string, unknown> = goodMetadata) {
    const { token } = await r.initialAccessToken();
    const res = await r.register(metadata, token);
    expect(res.status).toBe(201);
    return res.body as Record<string, string> & {
      client_id: string;
      client_secret: string;
      registration_client_uri: string;
      registration_access_token: string;
    };
  }

  it("reads the registration without its secret", async () => {
    const client = await registerClient();
    const read = await r.manage("GET", client.registration_client_uri, client.registration_access_token);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      client_id: client.client_id,
      client_name: "Weather widget",
      redirect_uris: goodMetadata.redirect_uris,
      grant_types: goodMetadata.grant_types,
    });
    expect(read.body).not.toHaveProperty("client_secret");
    expect(read.body).not.toHaveProperty("registration_access_token");
  });

  it("replaces the metadata: fields left out go back to their defaults, and the policy still applies", async () => {
    const client = await registerClient({ ...goodMetadata, client_uri: "https://widget.example.test" });
    const updated = await r.manage("PUT", client.registration_client_uri, client.registration_access_token, {
      client_id: client.client_id,
      client_name: "Renamed widget",
      redirect_uris: ["https://widget.example.test/new"],
      grant_types: ["authorization_code"],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      client_name: "Renamed widget",
      redirect_uris: ["https://widget.example.test/new"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    });
    expect(updated.body).not.toHaveProperty("client_uri");
    // the client can no longer use the grant it gave up
    const cc = await r.p.token(
      { grant_type: "client_credentials" },
      { clientId: client.client_id, secret: client.client_secret as string },
    );
    expect(cc.body.error).toBe("unauthorized_client");
    const bad = await r.manage("PUT", client.registration_client_uri, client.registration_access_token, {
      client_id: client.client_id,
      redirect_uris: ["http://widget.example.test/cb"],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_redirect_uri");
    const unnamed = await r.manage("PUT", client.registration_client_uri, client.registration_access_token, {
      redirect_uris: ["https://widget.example.test/cb"],
    });
    expect(unnamed.body.error).toBe("invalid_client_metadata");
    const wrongSecret = await r.manage(
      "PUT",
      client.registration_client_uri,
      client.registration_access_token,
      {
        client_id: client.client_id,
        client_secret: "chosen-by-the-caller",
        redirect_uris: ["https://widget.example.test/cb"],
      },
    );
    expect(wrongSecret.body.error).toBe("invalid_client_metadata");
    const read = await r.manage("GET", client.registration_client_uri, client.registration_access_token);
    expect(read.body.redirect_uris).toEqual(["https://widget.example.test/new"]);
  });

  it("deletes the client: its tokens are revoked, its secret and registration token stop working", async () => {
    const client = await registerClient();
    const issued = await r.p.token(
      { grant_type: "client_credentials" },
      { clientId: client.client_id, secret: client.client_secret as string },
    );
    expect(issued.status).toBe(200);
    const gone = await r.manage("DELETE", client.registration_client_uri, client.registration_access_token);
    expect(gone.status).toBe(204);
    const row = await r.p.db.oAuthClient.findUniqueOrThrow({ where: { clientId: client.client_id } });
    const tokens = await r.p.db.accessToken.findMany({ where: { clientId: row.id } });
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) expect(t.revokedAt).not.toBeNull();
    const after = await r.p.token(
      { grant_type: "client_credentials" },
      { clientId: client.client_id, secret: client.client_secret as string },
    );
    expect(after.status).toBe(401);
    expect(after.body.error).toBe("invalid_client");
    expect(
      (await r.manage("GET", client.registration_client_uri, client.registration_access_token)).status,
    ).toBe(401);
  });

  it("one client's registration token cannot read, change or delete another client", async () => {
    const mine = await registerClient();
    const theirs = await registerClient();
    const before = await r.p.db.oAuthClient.findUniqueOrThrow({ where: { clientId: theirs.client_id } });
    for (const [method, body] of [
      ["GET", undefined],
      ["PUT", { client_id: theirs.client_id, redirect_uris: ["https://attacker.example.test/cb"] }],
      ["DELETE", undefined],
    ] as const) {
      const res = await r.manage(
        method,
        theirs.registration_client_uri,
        mine.registration_access_token,
        body,
      );
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("invalid_token");
      expect(JSON.stringify(res.body)).not.toContain("Weather");
    }
    // nor can an initial access token, or no token at all
    const { token } = await r.initialAccessToken();
    expect((await r.manage("GET", theirs.registration_client_uri, token)).status).toBe(401);
    expect((await r.manage("GET", theirs.registration_client_uri, undefined)).status).toBe(401);
    expect(await r.p.db.oAuthClient.findUniqueOrThrow({ where: { clientId: theirs.client_id } })).toEqual(
      before,
    );
    // and a client registered by an admin (no registration token) is out of reach
    expect(
      (
        await r.manage(
          "GET",
          `${r.p.km.url}/oauth2/register/${r.p.client.clientId}`,
          mine.registration_access_token,
        )
      ).status,
    ).toBe(401);
  });
});
