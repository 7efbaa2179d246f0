import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { createWorld, type World } from "../fixtures";

let world: World;
let gw: RunningGateway;
let finish: (() => void) | undefined;

beforeAll(async () => {
  world = await createWorld();
  // the first chunk at once, the rest only when the test says so
  world.upstream.respond = (_seen, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("first ");
    finish = () => res.end("last");
  };
  const open = [{ method: "GET", path: "/stream", authRequired: false }];
  await world.createApi({ context: "/plain", resources: open });
  await world.createApi({
    context: "/guarded",
    gatewayPolicies: [{ policy: "circuit-breaker" }],
    resources: open,
  });
  await world.createApi({
    context: "/cached",
    gatewayPolicies: [{ policy: "response-cache" }],
    resources: open,
  });
  gw = await world.start();
});

afterAll(() => world.close());

/** Reads the answer's first chunk while the backend still holds the rest back. */
async function firstChunkBeforeTheEnd(context: string): Promise<string | "held"> {
  const response = await Promise.race([
    request(`${gw.httpUrl}${context}/1.0.0/stream`),
    new Promise<"held">((r) => setTimeout(r, 1_500, "held")),
  ]);
  if (response === "held") {
    finish?.();
    return "held";
  }
  const chunks: string[] = [];
  const ended = new Promise((resolve) => response.body.on("end", resolve));
  await new Promise<void>((resolve) =>
    response.body.on("data", (chunk: Buffer) => {
      chunks.push(chunk.toString());
      resolve();
    }),
  );
  const first = chunks[0] as string;
  finish?.();
  await ended;
  expect(chunks.join("")).toBe("first last");
  return first;
}

describe("the response phase", () => {
  it("streams the answer of routes without response steps, and of steps that read no body", async () => {
    expect(await firstChunkBeforeTheEnd("/plain")).toBe("first ");
    expect(await firstChunkBeforeTheEnd("/guarded")).toBe("first ");
  });

  it("holds the answer for a step that reads the body until it is complete", async () => {
    expect(await firstChunkBeforeTheEnd("/cached")).toBe("held");
  });
});
