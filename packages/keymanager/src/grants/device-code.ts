// RFC 8628 3.4-3.5: the device polls the token endpoint with its device code. Until the user has
// decided on the verification page it hears `authorization_pending`; polling faster than its
// interval earns `slow_down` and 5 more seconds; a denial is `access_denied`, an old code
// `expired_token`. An approved code is redeemed once (a conditional update, so two racing polls
// get one token between them) for tokens of the user who approved it, with the scope that user
// was granted on the page.
import { AuthorizationPending, ExpiredToken, InvalidGrant, OAuthError, SlowDown } from "../errors";
import { rolesOfUser } from "../scopes/validate-scope";
import { issueTokenResponse } from "../tokens/issue-token-response";
import { DEVICE_CODE_GRANT, hashDeviceCode } from "./device-code-store";
import type { GrantTypeModule } from "./registry";

export const deviceCodeGrant: GrantTypeModule = {
  grantType: DEVICE_CODE_GRANT,
  parameters: { required: ["device_code"], optional: ["validity_period"] },
  setting: {
    displayName: "Device authorization",
    description:
      "A device without a browser (a command line, a TV) shows a code that the user approves on another screen (RFC 8628). The portico command line signs in with it.",
    risk: "A user can be talked into approving a code an attacker started (RFC 8628 5.4); the verification page always names the client and asks for confirmation.",
    enabled: true,
  },
  async handler({ km, params, client, binding }) {
    const row = await km.db.deviceCode.findUnique({
      where: { deviceCodeHash: hashDeviceCode(params.get("device_code") as string) },
    });
    if (!row || row.clientId !== client.id) throw new InvalidGrant("unknown device code");
    const now = km.now();
    if (row.status === "CONSUMED") throw new InvalidGrant("the device code was already used");
    if (row.expiresAt <= now) throw new ExpiredToken();
    if (row.status === "DENIED") throw new OAuthError("access_denied", "the user denied the request", 400);

    if (row.status === "PENDING") {
      const tooSoon =
        row.lastPolledAt !== null && now.getTime() - row.lastPolledAt.getTime() < row.interval * 1000;
      const interval = tooSoon ? row.interval + 5 : row.interval;
      // conditional on the poll this one read, so racing polls cannot all pass as "not too soon"
      const { count } = await km.db.deviceCode.updateMany({
        where: { id: row.id, status: "PENDING", lastPolledAt: row.lastPolledAt },
        data: { lastPolledAt: now, interval },
      });
      if (tooSoon || count === 0) throw new SlowDown(interval);
      throw new AuthorizationPending();
    }

    const { count } = await km.db.deviceCode.updateMany({
      where: { id: row.id, status: "APPROVED" },
      data: { status: "CONSUMED" },
    });
    if (count === 0 || !row.userId) throw new InvalidGrant("the device code was already used");
    const user = await km.db.user.findUnique({ where: { id: row.userId } });
    if (!user || user.disabled) throw new InvalidGrant("the approving user can no longer sign in");
    const roles = await rolesOfUser(km.db, user.id);
    return issueTokenResponse({
      binding,
      km,
      params,
      client,
      grantType: DEVICE_CODE_GRANT,
      user,
      roles,
      scope: (row.grantedScope ?? "").split(" ").filter(Boolean),
      authTime: row.authTime,
      refresh: true,
      idToken: {},
    });
  },
};
