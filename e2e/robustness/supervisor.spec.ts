import { expect, test } from "@playwright/test";
import { dataDir, trustedFetch } from "../fixtures/key-manager";
import { healthOfAll, healthUrls, servicePid } from "../fixtures/processes";
import { e2eUrls } from "../fixtures/stack";

// The start script supervises its services: one that dies is started again, and the others,
// the gateway first, keep serving meanwhile.
test("a killed key manager is restarted by the start script while the gateway keeps serving", async () => {
  test.setTimeout(90_000);
  const before = servicePid("keymanager", dataDir());
  expect(before, "the key manager's process").toBeTruthy();
  const gatewayPid = servicePid("gateway", dataDir());
  expect(gatewayPid).toBeTruthy();

  process.kill(before as number, "SIGKILL");
  await expect
    .poll(async () => (await trustedFetch(healthUrls.keymanager).catch(() => null))?.status ?? 0, {
      timeout: 5_000,
      intervals: [100],
    })
    .toBe(0);

  // while the key manager is down (and being restarted) the gateway serves the demo API
  const gatewayStatuses: number[] = [];
  const deadline = Date.now() + 60_000;
  let restarted = false;
  while (Date.now() < deadline && !restarted) {
    gatewayStatuses.push((await trustedFetch(`${e2eUrls.gateway}/pizzashack/1.0.0/menu`)).status);
    restarted = (await trustedFetch(healthUrls.keymanager).catch(() => null))?.status === 200;
    if (!restarted) await new Promise((r) => setTimeout(r, 250));
  }
  expect(restarted, "the key manager answers again").toBe(true);
  expect(gatewayStatuses.length).toBeGreaterThan(0);
  expect(new Set(gatewayStatuses)).toEqual(new Set([200]));

  const after = servicePid("keymanager", dataDir());
  expect(after).toBeTruthy();
  expect(after).not.toBe(before);
  // the others were never stopped
  expect(servicePid("gateway", dataDir())).toBe(gatewayPid);
  expect(Object.values(await healthOfAll())).toEqual([200, 200, 200, 200]);
  // and the restarted key manager issues tokens again
  const res = await trustedFetch(`${e2eUrls.keymanager}/.well-known/openid-configuration`);
  expect(res.status).toBe(200);
});
