import { z } from "zod";

/** A throttling tier, by name: a resource's own tier (level API), or a subscription tier the API offers. */
export const tierName = z.string().trim().min(1).max(100);

/** The subscription tiers an API offers, by name. */
export const offeredTiersSchema = z.array(tierName).max(50);
