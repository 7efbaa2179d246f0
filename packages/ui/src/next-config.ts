import type { NextConfig } from "next";

// Every page: no framing, no sniffing, a content security policy. Next's hydration needs inline
// scripts; forms may post to this portal and follow redirects to the key manager (https).
const securityHeaders = [
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'self' https:",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
  },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** The Next.js configuration both portals share. */
export const portalNextConfig: NextConfig = {
  // Workspace packages are TypeScript source; Next compiles them.
  transpilePackages: [
    "@portico/db",
    "@portico/settings",
    "@portico/crypto",
    "@portico/tokens",
    "@portico/platform",
    "@portico/portal-auth",
    "@portico/ui",
    "@portico/keymanager",
    "@portico/api-policies",
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
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  reactStrictMode: true,
  typedRoutes: false,
};
