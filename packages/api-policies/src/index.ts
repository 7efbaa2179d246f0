export { type AttachmentLevel, definePolicy, type PolicyDefinition } from "./define-policy";
export { findPolicy, policyDefinitions } from "./registry";
export {
  parseSecuritySchemes,
  type SecuritySchemes,
  securitySchemesPolicy,
  securitySchemesSchema,
} from "./security-schemes/schema";
