import { getSignupSetting, updateSignupSetting, updateSignupSettingInput } from "../admin/signup";
import { RestScope } from "../auth/principal";
import type { Route } from "./router";

const tag = "Sign-up";

/** Developer self sign-up switch (admin API, appended to adminRoutes). */
export const signupRoutes: Route[] = [
  {
    method: "GET",
    path: "/signup",
    tag,
    summary: "Whether developers may create their own account at the key manager's sign-in page",
    scope: RestScope.admin,
    handle: (ctx) => getSignupSetting(ctx),
  },
  {
    method: "PUT",
    path: "/signup",
    tag,
    summary: "Allow or stop developer self sign-up (new accounts get the developer role only)",
    scope: RestScope.admin,
    body: updateSignupSettingInput,
    update: "replace",
    handle: (ctx, r) => updateSignupSetting(ctx, r.body),
  },
];
