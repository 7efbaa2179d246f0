import { definePolicy } from "../define-policy";
import { compileResponseCache } from "./handler";
import { responseCacheSchema } from "./schema";

export const responseCachePolicy = definePolicy({
  name: "response-cache",
  title: "Response cache",
  description:
    "Answers repeated GET and HEAD calls from the gateway's memory for a while (X-Cache: HIT); never answers from another caller's entry.",
  levels: ["api", "resource"],
  phase: "response",
  schema: responseCacheSchema,
  compileResponse: compileResponseCache,
});
