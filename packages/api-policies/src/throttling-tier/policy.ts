import { definePolicy } from "../define-policy";
import { offeredTiersSchema } from "./schema";

export const throttlingTierPolicy = definePolicy({
  name: "throttling-tier",
  title: "Throttling tier",
  description:
    "Limits calls per resource (its tier) and per subscription (the tiers the API offers, one chosen by each subscriber).",
  levels: ["api", "resource"],
  phase: "setting",
  schema: offeredTiersSchema,
});
