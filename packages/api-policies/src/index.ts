export { type AttachmentLevel, definePolicy, type PolicyDefinition } from "./define-policy";
export { findPolicy, policyDefinitions } from "./registry";
