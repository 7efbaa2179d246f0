import type { GatewayEnvironment } from "@portico/db";
import { z } from "zod";

export const environmentName = z
  .string()
  .regex(/^[a-z0-9-]{1,50}$/, "1 to 50 characters: lowercase letters, digits and -");

const publicUrl = (scheme: "https" | "http") =>
  z
    .url({ protocol: scheme === "https" ? /^https$/ : /^http$/, message: `an ${scheme}:// URL` })
    .max(500)
    .refine((u) => {
      const url = new URL(u);
      return url.search === "" && url.hash === "" && url.username === "" && url.password === "";
    }, "no query, fragment or credentials")
    .transform((u) => u.replace(/\/+$/, ""));

export const environmentFields = {
  displayName: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).nullable(),
  httpsUrl: publicUrl("https").nullable(),
  httpUrl: publicUrl("http").nullable(),
};

/**
 * The URLs callers use to reach an environment's gateways; an environment without its own
 * (`default` until an admin sets them) uses the gateway's configured public URLs.
 */
export function environmentUrls(
  e: Pick<GatewayEnvironment, "httpsUrl" | "httpUrl">,
  gatewayUrl: string,
  gatewayHttpUrl?: string,
): { httpsUrl: string; httpUrl: string | null } {
  return { httpsUrl: e.httpsUrl ?? gatewayUrl, httpUrl: e.httpUrl ?? gatewayHttpUrl ?? null };
}

export function toEnvironmentView(e: GatewayEnvironment) {
  return {
    id: e.id,
    name: e.name,
    displayName: e.displayName,
    description: e.description,
    httpsUrl: e.httpsUrl,
    httpUrl: e.httpUrl,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
export type EnvironmentView = ReturnType<typeof toEnvironmentView>;
