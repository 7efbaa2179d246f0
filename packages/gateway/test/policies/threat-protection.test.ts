import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { call, createWorld, type World } from "../fixtures";

let world: World;
let gw: RunningGateway;

beforeAll(async () => {
  world = await createWorld();
  await world.createApi({
    context: "/guarded",
    gatewayPolicies: [{ policy: "threat-protection", config: { maxDepth: 5, maxArrayLength: 100 } }],
    resources: [{ method: "POST", path: "/data", authRequired: false }],
  });
  gw = await world.start();
});

afterAll(async () => world.close());

const post = (body: string, type: string) =>
  call(`${gw.httpUrl}/guarded/1.0.0/data`, { method: "POST", headers: { "content-type": type }, body });

describe("threat-protection policy at the gateway", () => {
  it("passes ordinary JSON and XML to the backend as sent", async () => {
    world.upstream.seen.length = 0;
    expect((await post('{"a":[1,2,{"b":"c"}]}', "application/json")).status).toBe(200);
    expect((await post("<order><item>pizza</item></order>", "application/xml")).status).toBe(200);
    expect(world.upstream.seen.map((s) => s.body)).toEqual([
      '{"a":[1,2,{"b":"c"}]}',
      "<order><item>pizza</item></order>",
    ]);
  });

  it.each([
    ["a nesting bomb", "[".repeat(200_000), "application/json", "nesting is deeper than 5"],
    [
      "a wide array",
      `[${"1,".repeat(500)}1]`,
      "application/vnd.api+json",
      "an array has more than 100 items",
    ],
    [
      "XML entity expansion",
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>',
      "text/xml",
      "DOCTYPE",
    ],
    [
      "an XML external entity",
      '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
      "application/xml",
      "DOCTYPE",
    ],
  ])(
    "refuses %s with 400 request_too_complex, without calling the backend",
    async (_what, body, type, problem) => {
      world.upstream.seen.length = 0;
      const r = await post(body, type);
      expect(r.status).toBe(400);
      expect(r.json().code).toBe("request_too_complex");
      expect(r.json().description).toContain(problem);
      expect(world.upstream.seen).toHaveLength(0);
    },
  );
});
