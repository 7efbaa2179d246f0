import { definePolicy } from "../define-policy";
import { compileThreatProtection } from "./handler";
import { threatProtectionSchema } from "./schema";

export const threatProtectionPolicy = definePolicy({
  name: "threat-protection",
  title: "JSON and XML threat protection",
  description:
    "Refuses JSON and XML bodies nested too deep, with too many keys or items, or too long strings; XML entity declarations are refused.",
  levels: ["api", "resource"],
  phase: "request",
  readsBody: true,
  schema: threatProtectionSchema,
  compile: compileThreatProtection,
});
