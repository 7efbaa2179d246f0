import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages are TypeScript source; Next compiles them.
  transpilePackages: [
    "@portico/db",
    "@portico/settings",
    "@portico/crypto",
    "@portico/tokens",
    "@portico/platform",
  ],
  // Native and driver modules load at run time from node_modules.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    "@peculiar/x509",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default config;
