import { AppError } from "../errors";

/** The REST scopes of the design's contract. */
export const RestScope = {
  apiView: "portico:api_view",
  apiCreate: "portico:api_create",
  apiPublish: "portico:api_publish",
  subscribe: "portico:subscribe",
  appManage: "portico:app_manage",
  admin: "portico:admin",
} as const;
export type RestScope = (typeof RestScope)[keyof typeof RestScope];

/** Which REST scopes each built-in role may hold. */
export const scopesOfRole: Record<string, RestScope[]> = {
  admin: Object.values(RestScope),
  publisher: [RestScope.apiView, RestScope.apiCreate, RestScope.apiPublish],
  developer: [RestScope.subscribe, RestScope.appManage],
};

/** Who is acting: a signed-in user, with the scopes this request carries. */
export interface Principal {
  userId: string;
  username: string;
  roles: string[];
  /** for a token: its granted scopes (within the user's roles); for a portal session: all of the roles' scopes */
  scopes: Set<string>;
  via: "token" | "session";
  ip?: string;
}

export function isAdmin(actor: Principal): boolean {
  return actor.roles.includes("admin");
}

/** 403 unless the actor's request carries the scope and one of its roles allows it. */
export function requireScope(actor: Principal, scope: RestScope): void {
  const allowedByRole = actor.roles.some((r) => scopesOfRole[r]?.includes(scope));
  if (!actor.scopes.has(scope) || !allowedByRole) {
    throw new AppError("FORBIDDEN", `this call needs the ${scope} scope`, { requiredScope: scope });
  }
}

/** A session principal: a portal page acts with every scope the user's roles allow. */
export function sessionPrincipal(
  user: { id: string; username: string; roles: string[] },
  ip?: string,
): Principal {
  const scopes = new Set(user.roles.flatMap((r) => scopesOfRole[r] ?? []));
  return { userId: user.id, username: user.username, roles: user.roles, scopes, via: "session", ip };
}

/** Someone not signed in: sees public catalog entries only, may change nothing. */
export function anonymousPrincipal(): Principal {
  return { userId: "", username: "anonymous", roles: [], scopes: new Set(), via: "session" };
}
