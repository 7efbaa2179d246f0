export { createDb, getDb, type Db } from "./client";
export { migrateDatabase } from "./migrations";
export { grantTypeCatalog } from "./grant-types";
export {
  BUILT_IN_ROLES,
  createUser,
  type FirstLogin,
  generatePassword,
  PORTICO_CLI_CLIENT_ID,
  REST_SCOPES,
  seedAdmin,
  seedDemo,
  seedPlatform,
} from "./seed";
export { providerOf, type Provider } from "./schema-engine";
export * from "./generated/sqlite/enums";
export type {
  AccessToken,
  Api,
  Application,
  AuditEvent,
  AuthorizationCode,
  ClientSecret,
  IdentityProvider,
  KeyManager,
  OAuthClient,
  Prisma,
  RefreshToken,
  RefreshTokenFamily,
  Resource,
  Role,
  Scope,
  SigningKey,
  Subscription,
  ThrottlingTier,
  User,
  XacmlPolicy,
} from "./generated/sqlite/client";
