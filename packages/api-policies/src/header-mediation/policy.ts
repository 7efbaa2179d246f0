import { definePolicy } from "../define-policy";
import { compileHeaderMediation } from "./handler";
import { headerMediationSchema } from "./schema";

export const headerMediationPolicy = definePolicy({
  name: "header-mediation",
  title: "Header and query mediation",
  description:
    "Sets, removes or renames request headers and query parameters; values may use {claims.<name>} and {client.ip}.",
  levels: ["api", "resource"],
  phase: "request",
  schema: headerMediationSchema,
  compile: compileHeaderMediation,
});
