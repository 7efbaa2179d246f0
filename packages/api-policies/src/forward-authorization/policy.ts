import { definePolicy } from "../define-policy";
import { forwardAuthorizationSchema } from "./schema";

export const forwardAuthorizationPolicy = definePolicy({
  name: "forward-authorization",
  title: "Forward Authorization",
  description: "Sends the caller's Authorization header on to the backend (dropped by default).",
  levels: ["api"],
  phase: "setting",
  schema: forwardAuthorizationSchema,
});
