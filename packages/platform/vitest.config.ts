import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests' backends listen on 127.0.0.1, which the egress policy refuses unless allowed.
    env: { PORTICO_BACKEND_ALLOW: "127.0.0.1" },
  },
});
