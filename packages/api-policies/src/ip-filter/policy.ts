import { definePolicy } from "../define-policy";
import { compileIpFilter } from "./handler";
import { ipFilterSchema } from "./schema";

export const ipFilterPolicy = definePolicy({
  name: "ip-filter",
  title: "IP allow and deny lists",
  description: "Refuses callers outside the allowed addresses, or inside the denied ones (403 ip_denied).",
  levels: ["api", "resource"],
  phase: "request",
  schema: ipFilterSchema,
  compile: compileIpFilter,
});
