import { definePolicy } from "../define-policy";
import { compileRateLimit } from "./handler";
import { rateLimitSchema } from "./schema";

export const rateLimitPolicy = definePolicy({
  name: "rate-limit",
  title: "Rate limit by IP, header or claim",
  description:
    "Counts calls per caller address, request header or token claim in fixed windows; over the limit is 429 throttled.",
  levels: ["api", "resource"],
  phase: "request",
  schema: rateLimitSchema,
  compile: compileRateLimit,
});
