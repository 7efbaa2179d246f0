import { definePolicy } from "../define-policy";
import { compileBackendTimeout } from "./handler";
import { backendTimeoutSchema } from "./schema";

export const backendTimeoutPolicy = definePolicy({
  name: "backend-timeout",
  title: "Backend response timeout",
  description: "How long the backend may take to answer this API or resource; later is 504 backend_timeout.",
  levels: ["api", "resource"],
  phase: "request",
  schema: backendTimeoutSchema,
  compile: compileBackendTimeout,
});
