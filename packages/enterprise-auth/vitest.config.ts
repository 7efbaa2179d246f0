import { defineConfig } from "vitest/config";

// Kerberos tests start a real KDC; one file at a time keeps the 2-core machine responsive.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000, fileParallelism: false } });
