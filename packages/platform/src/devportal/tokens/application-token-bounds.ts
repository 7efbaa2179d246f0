import { z } from "zod";
import type { OperationContext } from "../../context";

const tokenBoundsView = z.object({ min: z.number(), max: z.number(), default: z.number() });

/** The admin's bounds for application tokens, shown next to the validity field. */
export async function applicationTokenBounds(ctx: OperationContext) {
  const v = await ctx.db.tokenValiditySetting.upsert({ where: { id: "default" }, create: {}, update: {} });
  return tokenBoundsView.parse({ min: 60, max: v.applicationTokenMax, default: v.applicationTokenDefault });
}
