import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, eventually, type World } from "./fixtures";

const ROLE = "urn:oasis:names:tc:xacml:2.0:subject:role";
const SUBJECT = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject";
const ACTION = "urn:oasis:names:tc:xacml:3.0:attribute-category:action";
const ACTION_ID = "urn:oasis:names:tc:xacml:1.0:action:action-id";

function match(value: string, category: string, attributeId: string): string {
  return `<AnyOf><AllOf><Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
    <AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">${value}</AttributeValue>
    <AttributeDesignator Category="${category}" AttributeId="${attributeId}" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
  </Match></AllOf></AnyOf>`;
}

/** Buyers may GET; the banned role is denied; anyone else is NotApplicable. */
const BUYERS_POLICY = `<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="buyers-only" Version="1.0"
  RuleCombiningAlgId="urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides">
  <Target/>
  <Rule RuleId="deny-banned" Effect="Deny"><Target>${match("banned", SUBJECT, ROLE)}</Target></Rule>
  <Rule RuleId="permit-buyers" Effect="Permit"><Target>${match("buyer", SUBJECT, ROLE)}${match("GET", ACTION, ACTION_ID)}</Target></Rule>
</Policy>`;

let world: World;
let gw: RunningGateway;
let app: Awaited<ReturnType<World["createApplication"]>>;
let policyId: string;
let apiId: string;
let url: string;

async function token(roles: string[]) {
  return (
    await world.mintJwt({
      clientId: app.productionClientId,
      sub: `u-${roles.join("-")}`,
      username: "u",
      roles,
    })
  ).token;
}

beforeAll(async () => {
  world = await createWorld();
  const api = await world.createApi({
    context: "/guarded",
    resources: [
      { method: "GET", path: "/items" },
      { method: "GET", path: "/lenient" },
      { method: "GET", path: "/unguarded" },
    ],
  });
  apiId = api.id;
  app = await world.createApplication("policy-app");
  await world.subscribe(app.id, apiId);
  const policy = await world.db.xacmlPolicy.create({
    data: {
      name: "Buyers only",
      policyXmlId: "buyers-only",
      versions: { create: { version: 1, content: BUYERS_POLICY } },
    },
  });
  policyId = policy.id;
  await world.db.xacmlPolicyAttachment.create({
    data: { policyId, apiId, resourceId: api.resourceIds[0] ?? null },
  });
  await world.db.xacmlPolicyAttachment.create({
    data: { policyId, apiId, resourceId: api.resourceIds[1] ?? null, onNotApplicable: "permit" },
  });
  gw = await world.start();
  url = `${gw.httpUrl}/guarded/1.0.0`;
});

afterAll(async () => world.close());

describe("XACML policies attached to resources", () => {
  it("lets through what the policy permits", async () => {
    expect((await call(`${url}/items`, { headers: bearer(await token(["buyer"])) })).status).toBe(200);
  });

  it("refuses Deny with 403 policy_denied and a challenge, before reaching the backend", async () => {
    world.upstream.seen.length = 0;
    const r = await call(`${url}/items`, { headers: bearer(await token(["buyer", "banned"])) });
    expect(r.status).toBe(403);
    expect(r.json().code).toBe("policy_denied");
    expect(r.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(world.upstream.seen).toHaveLength(0);
  });

  it("treats NotApplicable as the attachment says: deny by default, permit when asked", async () => {
    const nobody = await token(["developer"]);
    expect((await call(`${url}/items`, { headers: bearer(nobody) })).json().code).toBe("policy_denied");
    expect((await call(`${url}/lenient`, { headers: bearer(nobody) })).status).toBe(200);
    expect((await call(`${url}/lenient`, { headers: bearer(await token(["banned"])) })).status).toBe(403);
    expect((await call(`${url}/unguarded`, { headers: bearer(await token(["banned"])) })).status).toBe(200);
  });

  it("applies a policy attached to the whole API, and its removal, within 2 seconds", async () => {
    const attachment = await world.db.xacmlPolicyAttachment.create({
      data: { policyId, apiId, resourceId: null },
    });
    await world.change("policy", policyId);
    const banned = await token(["banned"]);
    await eventually(async () =>
      expect((await call(`${url}/unguarded`, { headers: bearer(banned) })).status).toBe(403),
    );
    await world.db.xacmlPolicyAttachment.delete({ where: { id: attachment.id } });
    await world.change("policy", policyId);
    await eventually(async () =>
      expect((await call(`${url}/unguarded`, { headers: bearer(banned) })).status).toBe(200),
    );
  });

  it("fails closed when the attached policy cannot be read", async () => {
    const broken = await world.db.xacmlPolicy.create({
      data: { name: "Broken", policyXmlId: "x", versions: { create: { version: 1, content: "<Policy" } } },
    });
    const { id, resourceIds } = await world.createApi({
      context: "/broken-policy",
      resources: [{ method: "GET", path: "/x" }],
    });
    await world.subscribe(app.id, id);
    await world.db.xacmlPolicyAttachment.create({
      data: { policyId: broken.id, apiId: id, resourceId: resourceIds[0] ?? null, onNotApplicable: "permit" },
    });
    await world.change("policy", broken.id);
    const buyer = await token(["buyer"]);
    await eventually(async () =>
      expect(
        (await call(`${gw.httpUrl}/broken-policy/1.0.0/x`, { headers: bearer(buyer) })).json().code,
      ).toBe("policy_denied"),
    );
  });
});

/** Permits callers from one address only. */
const ONE_ADDRESS_POLICY = `<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="one-address" Version="1.0"
  RuleCombiningAlgId="urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides">
  <Target/>
  <Rule RuleId="permit-office" Effect="Permit"><Target>${match("203.0.113.9", SUBJECT, "urn:oasis:names:tc:xacml:1.0:subject:ip-address")}</Target></Rule>
</Policy>`;

describe("the client address policies see (PORTICO_TRUSTED_PROXIES)", () => {
  it("is the connection's address unless that is a trusted proxy, then X-Forwarded-For's rightmost untrusted hop", async () => {
    const policy = await world.db.xacmlPolicy.create({
      data: {
        name: "Office only",
        policyXmlId: "one-address",
        versions: { create: { version: 1, content: ONE_ADDRESS_POLICY } },
      },
    });
    const { id, resourceIds } = await world.createApi({
      context: "/office",
      resources: [{ method: "GET", path: "/x" }],
    });
    await world.subscribe(app.id, id);
    await world.db.xacmlPolicyAttachment.create({
      data: { policyId: policy.id, apiId: id, resourceId: resourceIds[0] ?? null },
    });
    await world.change("policy", policy.id);
    const behindProxy = await world.start({
      settings: { ...world.settings, PORTICO_TRUSTED_PROXIES: "127.0.0.0/8" },
    });
    const caller = bearer(await token(["buyer"]));
    const status = async (base: string, forwardedFor?: string) =>
      (
        await call(`${base}/office/1.0.0/x`, {
          headers: { ...caller, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
        })
      ).status;
    await eventually(async () => expect(await status(behindProxy.httpUrl, "203.0.113.9")).toBe(200));
    // the proxy appended the real address; what the client wrote left of it is not believed
    expect(await status(behindProxy.httpUrl, "203.0.113.9, 198.51.100.1")).toBe(403);
    expect(await status(behindProxy.httpUrl, "203.0.113.9, 127.0.0.2")).toBe(200);
    expect(await status(behindProxy.httpUrl)).toBe(403);
    // no trusted proxies (the default): X-Forwarded-For is the client's word and changes nothing
    // (eventually: this gateway was running before the API existed and hears of it by a change event)
    await eventually(async () => expect(await status(gw.httpUrl, "203.0.113.9")).toBe(403));
  });
});
