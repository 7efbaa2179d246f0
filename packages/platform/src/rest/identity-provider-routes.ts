import {
  linkFederatedIdentity,
  linkFederatedIdentityInput,
  listFederatedIdentities,
  unlinkFederatedIdentity,
} from "../admin/federated-identities";
import { createIdentityProvider } from "../admin/identity-providers/create-identity-provider";
import { deleteIdentityProvider } from "../admin/identity-providers/delete-identity-provider";
import { getIdentityProvider } from "../admin/identity-providers/get-identity-provider";
import { listIdentityProviders } from "../admin/identity-providers/list-identity-providers";
import {
  updateIdentityProvider,
  updateIdentityProviderInput,
} from "../admin/identity-providers/update-identity-provider";
import { RestScope } from "../auth/principal";
import { setUserNtHash, setUserNtHashInput } from "../users/set-user-nt-hash";
import type { Route } from "./router";

const p = (params: Record<string, string>, name: string) => params[name] ?? "";
const admin = RestScope.admin;
const tag = "Identity providers";

/** Trusted identity providers (admin API, appended to adminRoutes by the admin API's owner). */
export const identityProviderRoutes: Route[] = [
  {
    method: "GET",
    path: "/identity-providers",
    tag,
    summary: "Trusted identity providers (SAML2, KERBEROS, NTLM, OIDC); secrets are never returned",
    scope: admin,
    handle: (ctx) => listIdentityProviders(ctx),
  },
  {
    method: "POST",
    path: "/identity-providers",
    tag,
    summary: "Register a trusted identity provider (a Kerberos keytab as base64 is stored encrypted)",
    scope: admin,
    status: 201,
    handle: (ctx, r) => createIdentityProvider(ctx, r.body),
  },
  {
    method: "GET",
    path: "/identity-providers/{id}",
    tag,
    summary: "One trusted identity provider",
    scope: admin,
    handle: (ctx, r) => getIdentityProvider(ctx, p(r.params, "id")),
  },
  {
    method: "PUT",
    path: "/identity-providers/{id}",
    tag,
    summary: "Replace a provider's settings (type and name fixed; keytab kept when omitted)",
    scope: admin,
    body: updateIdentityProviderInput,
    update: "partial",
    handle: (ctx, r) => updateIdentityProvider(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/identity-providers/{id}",
    tag,
    summary: "Remove a trusted identity provider",
    scope: admin,
    status: 204,
    handle: (ctx, r) => deleteIdentityProvider(ctx, p(r.params, "id")),
  },
  {
    method: "GET",
    path: "/identity-providers/{id}/identities",
    tag,
    summary: "The provider's identities: linked to a Portico user, or seen at sign-in and not linked yet",
    scope: admin,
    handle: (ctx, r) => listFederatedIdentities(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/identity-providers/{id}/identities",
    tag,
    summary:
      "Link an identity of this provider (its subject) to a Portico user; nothing is linked by username",
    scope: admin,
    status: 201,
    body: linkFederatedIdentityInput,
    handle: (ctx, r) => linkFederatedIdentity(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/identity-providers/{id}/identities/{identityId}",
    tag,
    summary: "Unlink an identity: its next sign-in is refused until an admin links it again",
    scope: admin,
    status: 204,
    handle: (ctx, r) => unlinkFederatedIdentity(ctx, p(r.params, "id"), p(r.params, "identityId")),
  },
  {
    // NT hashes for the NTLM grant: write-only, the value is never returned
    method: "PUT",
    path: "/users/{id}/nt-hash",
    tag,
    summary: "Set a user's NT hash for NTLM from their Windows password or as 32 hex characters (write-only)",
    scope: admin,
    body: setUserNtHashInput,
    update: "replace",
    handle: (ctx, r) => setUserNtHash(ctx, p(r.params, "id"), r.body),
  },
];
