// The robustness corpus (e2e/fixtures/hostile-*.ts) against the key manager.
import { test } from "@playwright/test";
import { runHostileCorpus } from "../fixtures/hostile-run";

test.describe.configure({ timeout: 170_000 });

test("hostile requests on the key manager: no 5xx, no internals shown, no process exit, no row changed", async () => {
  await runHostileCorpus(["keymanager"]);
});
