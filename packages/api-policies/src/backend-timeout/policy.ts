import { definePolicy } from "../define-policy";
import { compileBackendTimeout } from "./handler";
import { backendTimeoutSchema } from "./schema";

export const backendTimeoutPolicy = definePolicy({
  name: "backend-timeout",
  title: "Backend timeouts",
  description:
    "How long connecting to the backend and its answer may take for this API or resource; later is 504 backend_timeout.",
  levels: ["api", "resource"],
  phase: "request",
  schema: backendTimeoutSchema,
  compile: compileBackendTimeout,
});
