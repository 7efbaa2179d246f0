import { authorizationCodeGrant } from "./authorization-code";
import { clientCredentialsGrant } from "./client-credentials";
import { passwordGrant } from "./password";
import { refreshTokenGrant } from "./refresh-token";
import type { GrantTypeModule } from "./registry";

/** The grant types every Portico key manager serves (switched on and off by admins). */
export const builtInGrantTypes: readonly GrantTypeModule[] = [
  authorizationCodeGrant,
  clientCredentialsGrant,
  passwordGrant,
  refreshTokenGrant,
];
