// The robustness corpus (e2e/fixtures/hostile-*.ts) against the gateway, over HTTPS and HTTP.
import { test } from "@playwright/test";
import { runHostileCorpus } from "../fixtures/hostile-run";

test.describe.configure({ timeout: 170_000 });

test("hostile requests on the gateway (HTTPS and HTTP): no 5xx, no internals shown, no process exit, no row changed", async () => {
  await runHostileCorpus(["gateway-https", "gateway-http"]);
});
