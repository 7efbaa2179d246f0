// The robustness corpus (e2e/fixtures/hostile-*.ts) against both portals: their REST APIs, their
// sign-in routes and their pages.
import { test } from "@playwright/test";
import { runHostileCorpus } from "../fixtures/hostile-run";

test.describe.configure({ timeout: 170_000 });

test("hostile requests on the publisher and developer portals: no 5xx, no internals shown, no process exit, no row changed", async () => {
  await runHostileCorpus(["publisher", "devportal"]);
});
