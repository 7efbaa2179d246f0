import "server-only";
import { db } from "@/server/db";

/**
 * The application-level tiers a developer may pick. Tier names and limits are public to
 * developers (they choose among them); no platform operation lists them for a developer yet,
 * so this reads them directly — a candidate for @portico/platform.
 */
export async function listApplicationTiers() {
  const tiers = await db.throttlingTier.findMany({
    where: { level: "APPLICATION" },
    orderBy: { name: "asc" },
  });
  return tiers.map((t) => ({
    name: t.name,
    description: t.unlimited
      ? "unlimited"
      : `${t.requestCount} requests per ${t.unitSeconds === 60 ? "minute" : `${t.unitSeconds} s`}`,
  }));
}
