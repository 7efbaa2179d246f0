import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import type { PortalAuth } from "./portal-auth";

/**
 * POST /api/auth/logout: ends the portal session and sends the browser to the key manager to end
 * its session too (RP-initiated logout). POST only, so a link cannot sign anyone out.
 */
export function logoutRoute(portalAuth: PortalAuth) {
  return async function endSessions(req: NextRequest) {
    const options = portalAuth.options();
    const token = (await getToken({ req, secret: options.secret })) as { idToken?: string } | null;
    const res = new Response(null, {
      status: 303,
      headers: { location: portalAuth.logoutUrl(token?.idToken) },
    });
    for (const name of [
      "next-auth.session-token",
      "__Secure-next-auth.session-token",
      "next-auth.csrf-token",
      "next-auth.callback-url",
    ]) {
      res.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
    }
    return res;
  };
}
