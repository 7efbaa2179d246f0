// RFC 6749 4.3: resource owner password credentials. Discouraged by RFC 9700; admins can turn
// it off. Failed attempts count against the per-username and per-address sign-in limits.
import { InvalidGrant, TooManyRequests } from "../errors";
import { parseScope, rolesOfUser, validateScope } from "../scopes/validate-scope";
import { issueTokenResponse } from "../tokens/issue-token-response";
import { authenticateUser } from "../users/authenticate-user";
import type { GrantTypeModule } from "./registry";

export const passwordGrant: GrantTypeModule = {
  grantType: "password",
  parameters: { required: ["username", "password"], optional: ["scope", "validity_period"] },
  async handler({ km, params, client, sourceAddress }) {
    const username = params.get("username") as string;
    // only failed attempts count, so busy legitimate users are never slowed down
    const limits = [
      [km.limiters.loginPerUsername, `user:${username}`],
      [km.limiters.loginPerAddress, `addr:${sourceAddress}`],
    ] as const;
    for (const [limiter, key] of limits) {
      const verdict = await limiter.peek(key);
      if (!verdict.allowed) throw new TooManyRequests(verdict.retryAfterSeconds);
    }
    const user = await authenticateUser(km.db, username, params.get("password") as string);
    if (!user) {
      for (const [limiter, key] of limits) await limiter.count(key);
      throw new InvalidGrant("wrong username or password");
    }
    const roles = await rolesOfUser(km.db, user.id);
    const scope = await validateScope(km.db, parseScope(params.get("scope")), {
      application: client.application,
      keyType: client.keyType,
      roles,
      userBound: true,
    });
    return issueTokenResponse({
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
