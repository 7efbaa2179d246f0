export { API_REVISION_FORMAT, type ApiRevisionDefinition } from "./api-revision";
export { createDb, type Db, getDb } from "./client";
export type {
  AccessToken,
  Api,
  ApiDeployment,
  ApiRevision,
  Application,
  AuditEvent,
  AuthorizationCode,
  ClientSecret,
  DenyPolicy,
  GatewayEnvironment,
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
export * from "./generated/sqlite/enums";
export { type JsonShape, jsonObject, readJson, StoredJsonError, stringList } from "./json-columns";
export { type Provider, postgresSchemaOf, providerOf } from "./provider";
export { rewrapStoredSecrets } from "./rewrap-secrets";
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
