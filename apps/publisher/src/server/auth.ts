import "server-only";
import type { Principal } from "@portico/platform";
import { createPortalAuth } from "@portico/portal-auth";
import { redirect } from "next/navigation";
import { db, settings } from "./db";

export const portalAuth = createPortalAuth({
  clientId: "portico-publisher",
  portalUrl: settings.publisherUrl,
  settings,
  db,
  scopes: ["portico:api_view", "portico:api_create", "portico:api_publish", "portico:admin"],
});

/**
 * The signed-in user for a page that needs one of `roles`: not signed in -> the sign-in page;
 * signed in without the role -> the "not for you" page (developers never see publisher pages).
 */
export async function requireRole(...roles: string[]): Promise<Principal> {
  const principal = await portalAuth.currentPrincipal();
  if (!principal) redirect("/signin");
  if (!principal.roles.some((r) => roles.includes(r))) redirect("/forbidden");
  return principal;
}
