import "server-only";
import { anonymousPrincipal, type Principal } from "@portico/platform";
import { createPortalAuth } from "@portico/portal-auth";
import { redirect } from "next/navigation";
import { db, settings } from "./db";

export const portalAuth = createPortalAuth({
  clientId: "portico-devportal",
  portalUrl: settings.devportalUrl,
  settings,
  db,
  scopes: ["portico:subscribe", "portico:app_manage"],
});

/** The signed-in developer, or the sign-in page. */
export async function requireDeveloper(): Promise<Principal> {
  const principal = await portalAuth.currentPrincipal();
  if (!principal) redirect("/signin");
  if (!principal.roles.includes("developer") && !principal.roles.includes("admin")) redirect("/forbidden");
  return principal;
}

/** Whoever is looking: a signed-in user, or anonymous (public catalog only). */
export async function viewer(): Promise<Principal> {
  return (await portalAuth.currentPrincipal()) ?? anonymousPrincipal();
}
