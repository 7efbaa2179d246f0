export {
  type Attachment,
  attachmentSchema,
  attachmentsSchema,
  MAX_ATTACHMENTS,
  readAttachment,
} from "./attachment-schema";
export {
  BACKEND_JWT_DEFAULT_EXPIRY_SECONDS,
  BACKEND_JWT_DEFAULT_HEADER,
  BACKEND_JWT_MIN_EXPIRY_SECONDS,
  type BackendJwtConfig,
  backendJwtSchema,
  RESERVED_BACKEND_CLAIMS,
} from "./backend-jwt/schema";
export { CORS_DEFAULT_HEADERS, CORS_DEFAULT_METHODS, type CorsConfig, corsSchema } from "./cors/schema";
export {
  type AttachmentLevel,
  type CompileContext,
  definePolicy,
  type PolicyDefinition,
  type PolicyPhase,
} from "./define-policy";
export { type EndpointsConfig, endpointsSchema, endpointUrl, failoverList } from "./endpoints/schema";
export { forwardAuthorizationSchema } from "./forward-authorization/schema";
export { HTTP_METHODS, type HttpMethod } from "./http-methods";
export { readStoredConfig } from "./read-stored-config";
export { findPolicy, policyDefinitions } from "./registry";
export {
  type PolicyErrorCode,
  type PolicyLimit,
  PolicyRejection,
  type PolicyRequest,
  type RequestStep,
} from "./request-step";
export type {
  CallOutcome,
  PolicyCall,
  PolicyResponse,
  ResponseStep,
  StoredResponse,
} from "./response-step";
export {
  parseSecuritySchemes,
  type SecuritySchemes,
  securitySchemesPolicy,
  securitySchemesSchema,
} from "./security-schemes/schema";
export { offeredTiersSchema, tierName } from "./throttling-tier/schema";
