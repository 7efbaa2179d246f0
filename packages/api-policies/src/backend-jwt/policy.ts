import { definePolicy } from "../define-policy";
import { backendJwtSchema } from "./schema";

export const backendJwtPolicy = definePolicy({
  name: "backend-jwt",
  title: "Backend JWT",
  description: "Passes the caller's identity to the backend as a JWT signed by the gateway.",
  levels: ["api"],
  phase: "setting",
  schema: backendJwtSchema,
});
