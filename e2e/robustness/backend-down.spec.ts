// The one exception the robustness suite allows a 5xx for: the gateway answering 502/503/504
// because the backend is really down. Here it is: an API published on an allowed loopback port
// nothing listens on. Every call gets a 5xx in the gateway's JSON error shape, with nothing of
// the gateway's internals; the gateway keeps its process and serves the APIs whose backends are up.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { adminPassword, dataDir, passwordToken, trustedFetch } from "../fixtures/key-manager";
import { healthOfAll, servicePid } from "../fixtures/processes";
import { internalsIn, sendRaw, surfaces } from "../fixtures/raw-http";
import { e2ePorts, e2eUrls } from "../fixtures/stack";

// allowed by the run's PORTICO_BACKEND_ALLOW (e2e/fixtures/stack.ts), and closed in this spec
const downBackend = `http://127.0.0.1:${e2ePorts.backend + 1}/down`;
const repoRoot = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

test("a backend that is down: the gateway answers 502/503/504 in JSON, shows no internals and stays up", async () => {
  test.setTimeout(60_000);
  const { access_token } = await passwordToken(
    "admin",
    adminPassword(),
    "portico:api_view portico:api_create portico:api_publish",
  );
  const rest = (method: string, route: string, body?: unknown) =>
    fetch(`${e2eUrls.publisher}/api/publisher/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const context = `/down-${randomBytes(4).toString("hex")}`;
  const created = await rest("POST", "/apis", {
    name: `Down ${context.slice(6)}`,
    version: "1.0.0",
    context,
    endpoints: { production: downBackend },
    transports: ["https", "http"],
    resources: [
      { method: "GET", path: "/menu", authRequired: false },
      { method: "POST", path: "/orders", authRequired: false },
    ],
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await rest("POST", `/apis/${id}/lifecycle`, { action: "publish" })).status).toBe(200);

  const gatewayPid = servicePid("gateway", dataDir());
  expect(gatewayPid).toBeTruthy();
  // the gateway learns of the published API within a few seconds
  await expect
    .poll(async () => (await trustedFetch(`${e2eUrls.gateway}${context}/1.0.0/menu`)).status, {
      timeout: 15_000,
      intervals: [250],
    })
    .not.toBe(404);

  const target = `${context}/1.0.0`;
  const requests = [
    `GET ${target}/menu HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
    `GET ${target}/menu?x=%ZZ HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\nConnection: close\r\n\r\n`,
    `POST ${target}/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 18\r\nConnection: close\r\n\r\n{"pizza":"funghi"}`,
    `POST ${target}/orders HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
  ];
  for (const surface of surfaces.filter((s) => s.name.startsWith("gateway"))) {
    for (const request of requests) {
      const answer = await sendRaw(surface, request);
      const what = `${surface.name}: ${request.split("\r\n")[0]}`;
      expect([502, 503, 504], what).toContain(answer.status);
      const [head = "", body = ""] = answer.text.split("\r\n\r\n").slice(-2);
      expect(head, what).toMatch(/\r\ncontent-type: application\/json/i);
      // the gateway's error shape, naming what failed on the way to the backend
      expect((JSON.parse(body) as { code?: string }).code, what).toMatch(
        /^backend_(unavailable|timeout|error)$/,
      );
      expect(internalsIn(answer.text, [repoRoot, dataDir()]), what).toBeNull();
      // nothing about the backend's address or the connection error either
      expect(answer.text, what).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:8282|undici/i);
    }
  }

  // the gateway is the same process and serves an API whose backend is up
  expect(servicePid("gateway", dataDir())).toBe(gatewayPid);
  expect((await trustedFetch(`${e2eUrls.gateway}/pizzashack/1.0.0/menu`)).status).toBe(200);
  expect((await healthOfAll()).gateway).toBe(200);
});
