import { expect, test as setup } from "@playwright/test";
import { trustedFetch } from "./fixtures/key-manager";
import { e2eUrls } from "./fixtures/stack";

// The journeys need every process, not only the portal Playwright waited for.
setup("every process of the platform answers its health check", async () => {
  setup.setTimeout(180_000);
  const health = [
    `${e2eUrls.keymanager}/.well-known/openid-configuration`,
    `${e2eUrls.gateway}/_portico/health`,
    `${e2eUrls.publisher}/api/health`,
    `${e2eUrls.devportal}/api/health`,
  ];
  for (const url of health) {
    await expect
      .poll(async () => (await trustedFetch(url).catch(() => null))?.status ?? 0, {
        timeout: 150_000,
        intervals: [250, 500, 1000],
      })
      .toBe(200);
  }
});
