import { logoutRoute } from "@portico/portal-auth";
import { portalAuth } from "@/server/auth";

export const dynamic = "force-dynamic";
export const POST = logoutRoute(portalAuth);
