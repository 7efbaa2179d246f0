import {
  addKeyManagerByIssuer,
  addKeyManagerByIssuerInput,
} from "../admin/external-key-managers/add-key-manager-by-issuer";
import { RestScope } from "../auth/principal";
import {
  generateExternalToken,
  generateExternalTokenInput,
} from "../devportal/external-keys/generate-external-token";
import { linkExternalKeys, linkExternalKeysInput } from "../devportal/external-keys/link-external-keys";
import { listDeveloperKeyManagers } from "../devportal/external-keys/list-developer-key-managers";
import {
  registerExternalKeys,
  registerExternalKeysInput,
} from "../devportal/external-keys/register-external-keys";
import type { Route } from "./router";

const p = (params: Record<string, string>, name: string) => params[name] ?? "";

/** External key managers in the admin API (appended to adminRoutes). */
export const externalKeyManagerAdminRoutes: Route[] = [
  {
    method: "POST",
    path: "/key-managers/by-issuer",
    tag: "Key managers",
    summary:
      "Add an external key manager by its issuer URL (OIDC / RFC 8414 discovery fills in its endpoints)",
    scope: RestScope.admin,
    body: addKeyManagerByIssuerInput,
    status: 201,
    handle: (ctx, r) => addKeyManagerByIssuer(ctx, r.body),
  },
];

/** Application keys at external key managers in the developer portal API (appended to devportalRoutes). */
export const externalKeyManagerDevportalRoutes: Route[] = [
  {
    method: "GET",
    path: "/key-managers",
    tag: "Keys",
    summary: "External key managers an application's keys may live at, and the grant types each allows",
    scope: RestScope.appManage,
    handle: (ctx) => listDeveloperKeyManagers(ctx),
  },
  {
    method: "POST",
    path: "/applications/{id}/external-keys",
    tag: "Keys",
    summary:
      "Create the application's client at an external key manager by dynamic registration (secret shown once)",
    scope: RestScope.appManage,
    body: registerExternalKeysInput,
    status: 201,
    handle: (ctx, r) => registerExternalKeys(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "POST",
    path: "/applications/{id}/external-keys/link",
    tag: "Keys",
    summary: "Link an existing client at an external key manager, proven by its client-credentials token",
    scope: RestScope.appManage,
    body: linkExternalKeysInput,
    status: 201,
    handle: (ctx, r) => linkExternalKeys(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "POST",
    path: "/applications/{id}/external-keys/{keyType}/tokens",
    tag: "Tokens",
    summary: "Get an access token from the external key manager with the client credentials grant",
    scope: RestScope.appManage,
    body: generateExternalTokenInput,
    status: 201,
    handle: (ctx, r) => generateExternalToken(ctx, p(r.params, "id"), p(r.params, "keyType"), r.body),
  },
];
