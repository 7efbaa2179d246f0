import path from "node:path";
import { defineConfig } from "@playwright/test";
import e2e from "../playwright.config";

const root = path.join(import.meta.dirname, "..");
const webServer = Array.isArray(e2e.webServer) ? e2e.webServer[0] : e2e.webServer;

// The page-load benchmark runs against the same platform the end-to-end journeys start (a
// production build of both portals, a fresh data folder, ports of its own).
export default defineConfig({
  ...e2e,
  testDir: root,
  timeout: 15 * 60_000,
  projects: [
    { name: "stack", testMatch: /e2e[\\/]stack\.setup\.ts$/ },
    { name: "page-load", testMatch: /bench[\\/]page-load\.measure\.ts$/, dependencies: ["stack"] },
  ],
  ...(webServer ? { webServer: { ...webServer, cwd: root } } : {}),
});
