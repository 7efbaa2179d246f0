import { db } from "@/server/db";

export const dynamic = "force-dynamic";

/** Liveness plus a database round trip, for the start script and load balancers. */
export async function GET() {
  try {
    await db.role.count();
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "unavailable", reason: "database" }, { status: 503 });
  }
}
