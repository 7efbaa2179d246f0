// The API settings' schemas and defaults alone, for browser code (the publisher's form): no
// policy handlers, so nothing server-only (node:net, ajv) reaches a client bundle.
export {
  BACKEND_JWT_DEFAULT_EXPIRY_SECONDS,
  BACKEND_JWT_DEFAULT_HEADER,
  BACKEND_JWT_MIN_EXPIRY_SECONDS,
  backendJwtSchema,
} from "./backend-jwt/schema";
export { CORS_DEFAULT_HEADERS, CORS_DEFAULT_METHODS, corsSchema } from "./cors/schema";
export { HTTP_METHODS } from "./http-methods";
