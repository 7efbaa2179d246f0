// Page loads of the portals' main pages in Chromium, cold and warm, with screenshots of each
// (docs/screenshots/). It starts the platform as the end-to-end journeys do, so it needs the
// same ports free and the system Chromium.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");
const run = spawnSync("npx", ["playwright", "test", "-c", "bench/page-load.config.ts", "--reporter=line"], {
  cwd: root,
  stdio: "inherit",
});
process.exit(run.status ?? 1);
