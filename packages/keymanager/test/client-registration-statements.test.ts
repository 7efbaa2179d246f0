// RFC 7591 2.3 software statements: verified against the configured JWKS and issuer; their
// claims win over the fields sent beside them.
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { goodMetadata, type RegistrationPlatform, startRegistrationPlatform } from "./registration-fixture";

let r: RegistrationPlatform;
beforeAll(async () => {
  r = await startRegistrationPlatform();
});
afterAll(async () => r.p.close());
beforeEach(async () => r.setPolicy({}));

let statementKey: CryptoKey;
let statementJwk: JWK;
let strangerKey: CryptoKey;
const STATEMENT_ISSUER = "https://software-authority.example.test";

beforeAll(async () => {
  const pair = await generateKeyPair("ES256");
  statementKey = pair.privateKey;
  statementJwk = { ...(await exportJWK(pair.publicKey)), kid: "authority-1", alg: "ES256" };
  strangerKey = (await generateKeyPair("ES256")).privateKey;
});

describe("software statements", () => {
  const statement = (claims: Record<string, unknown>, key = statementKey, kid = "authority-1") =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid })
      .setIssuer(STATEMENT_ISSUER)
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(key);

  beforeEach(async () =>
    r.setPolicy({
      requireSoftwareStatement: true,
      softwareStatementJwks: { keys: [statementJwk] },
      softwareStatementIssuer: STATEMENT_ISSUER,
    }),
  );

  it("registers with a statement whose claims win over the fields beside it", async () => {
    const { token } = await r.initialAccessToken();
    const res = await r.register(
      {
        ...goodMetadata,
        client_name: "Self-described",
        software_statement: await statement({
          software_id: "weather-4711",
          client_name: "Vouched weather",
          redirect_uris: ["https://vouched.example.test/cb"],
        }),
      },
      token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      client_name: "Vouched weather",
      software_id: "weather-4711",
      redirect_uris: ["https://vouched.example.test/cb"],
    });
    const audit = await r.p.db.auditEvent.findFirstOrThrow({
      where: { action: "client.register" },
      orderBy: { at: "desc" },
    });
    expect(audit.details).toMatchObject({
      softwareId: "weather-4711",
      softwareStatementIssuer: STATEMENT_ISSUER,
    });
  });

  it("refuses a missing, foreign-signed, expired, other-issuer or malformed statement with invalid_software_statement", async () => {
    const expiredStatement = await new SignJWT({ software_id: "x" })
      .setProtectedHeader({ alg: "ES256", kid: "authority-1" })
      .setIssuer(STATEMENT_ISSUER)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(statementKey);
    const otherIssuer = await new SignJWT({ software_id: "x" })
      .setProtectedHeader({ alg: "ES256", kid: "authority-1" })
      .setIssuer("https://someone-else.example.test")
      .setExpirationTime("10m")
      .sign(statementKey);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(`{"iss":"${STATEMENT_ISSUER}"}`).toString("base64url")}.`;
    const { token, id } = await r.initialAccessToken();
    const before = await r.registeredClients();
    for (const software_statement of [
      undefined,
      await statement({ software_id: "x" }, strangerKey),
      await statement({ software_id: "x" }, strangerKey, "unknown-kid"),
      expiredStatement,
      otherIssuer,
      unsigned,
      "not-a-jwt",
      42,
    ]) {
      const res = await r.register({ ...goodMetadata, software_statement }, token);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_software_statement");
    }
    expect(await r.registeredClients()).toBe(before);
    expect((await r.p.db.initialAccessToken.findUniqueOrThrow({ where: { id } })).remainingUses).toBe(1);
  });

  it("refuses every statement while no keys are configured, even where statements are optional", async () => {
    await r.setPolicy({ requireSoftwareStatement: false });
    const { token } = await r.initialAccessToken({ uses: 2 });
    const res = await r.register(
      { ...goodMetadata, software_statement: await statement({ software_id: "x" }) },
      token,
    );
    expect(res.body.error).toBe("invalid_software_statement");
    expect((await r.register(goodMetadata, token)).status).toBe(201);
  });
});
