import { updateClientRegistrationPolicyInput } from "../admin/client-registration/client-registration-policy";
import { getClientRegistrationPolicy } from "../admin/client-registration/get-client-registration-policy";
import {
  issueInitialAccessToken,
  issueInitialAccessTokenInput,
} from "../admin/client-registration/issue-initial-access-token";
import { listInitialAccessTokens } from "../admin/client-registration/list-initial-access-tokens";
import { revokeInitialAccessToken } from "../admin/client-registration/revoke-initial-access-token";
import { updateClientRegistrationPolicy } from "../admin/client-registration/update-client-registration-policy";
import { RestScope } from "../auth/principal";
import type { Route } from "./router";

const tag = "Client registration";
const admin = RestScope.admin;

/** Dynamic client registration at the resident key manager (admin API, appended to adminRoutes). */
export const clientRegistrationRoutes: Route[] = [
  {
    method: "GET",
    path: "/client-registration",
    tag,
    summary: "Whether the key manager serves dynamic client registration (RFC 7591), and its limits",
    scope: admin,
    handle: (ctx) => getClientRegistrationPolicy(ctx),
  },
  {
    method: "PUT",
    path: "/client-registration",
    tag,
    summary: "Switch dynamic client registration on or off and set what registered clients may use",
    scope: admin,
    body: updateClientRegistrationPolicyInput,
    update: "partial",
    handle: (ctx, r) => updateClientRegistrationPolicy(ctx, r.body),
  },
  {
    method: "GET",
    path: "/client-registration/initial-access-tokens",
    tag,
    summary: "Initial access tokens (never the tokens themselves)",
    scope: admin,
    handle: (ctx) => listInitialAccessTokens(ctx),
  },
  {
    method: "POST",
    path: "/client-registration/initial-access-tokens",
    tag,
    summary: "Issue an initial access token for client registration (shown once)",
    scope: admin,
    body: issueInitialAccessTokenInput,
    status: 201,
    handle: (ctx, r) => issueInitialAccessToken(ctx, r.body),
  },
  {
    method: "DELETE",
    path: "/client-registration/initial-access-tokens/{id}",
    tag,
    summary: "Revoke an initial access token (clients it registered stay)",
    scope: admin,
    status: 204,
    handle: (ctx, r) => revokeInitialAccessToken(ctx, r.params.id ?? ""),
  },
];
