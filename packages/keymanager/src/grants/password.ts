// RFC 6749 4.3: resource owner password credentials. Discouraged by RFC 9700; admins can turn
// it off. Each attempt is reserved against the per-username and per-address sign-in limits
// before the password is checked; a right password gives the reservation back.
import { SignInAttempt } from "../abuse/sign-in-attempt";
import { InvalidGrant } from "../errors";
import { parseScope, rolesOfUser, validateScope } from "../scopes/validate-scope";
import { issueTokenResponse } from "../tokens/issue-token-response";
import { authenticateUser } from "../users/authenticate-user";
import type { GrantTypeModule } from "./registry";

export const passwordGrant: GrantTypeModule = {
  grantType: "password",
  parameters: { required: ["username", "password"], optional: ["scope", "validity_period"] },
  setting: {
    displayName: "Resource owner password",
    description:
      "The application collects the user's password and sends it to the key manager (RFC 6749 4.3).",
    risk: "The application sees the user's password; OAuth 2.0 Security BCP (RFC 9700) says it must not be used. Keep it for trusted first-party clients only.",
    enabled: true,
  },
  async handler({ km, params, client, sourceAddress, binding }) {
    const username = params.get("username") as string;
    const attempt = await SignInAttempt.reserve(km, { address: sourceAddress, username });
    const user = await authenticateUser(km.db, username, params.get("password") as string);
    if (!user) throw new InvalidGrant("wrong username or password");
    await attempt.succeeded();
    const roles = await rolesOfUser(km.db, user.id);
    const scope = await validateScope(km.db, parseScope(params.get("scope")), {
      application: client.application,
      keyType: client.keyType,
      roles,
      userBound: true,
    });
    return issueTokenResponse({
      binding,
      km,
      params,
      client,
      grantType: "password",
      user,
      roles,
      scope,
      authTime: km.now(),
      refresh: true,
      idToken: {},
    });
  },
};
