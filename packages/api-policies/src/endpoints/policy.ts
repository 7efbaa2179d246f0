import { definePolicy } from "../define-policy";
import { endpointsSchema } from "./schema";

export const endpointsPolicy = definePolicy({
  name: "endpoints",
  title: "Endpoints",
  description: "The production and sandbox backends, their failovers, and round-robin load balancing.",
  levels: ["api"],
  phase: "setting",
  schema: endpointsSchema,
});
