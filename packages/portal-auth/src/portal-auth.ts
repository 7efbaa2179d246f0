// Signing in to a portal through Portico's own key manager: next-auth with the key manager as an
// OpenID provider (authorization code + PKCE, state and nonce). The portal's client secret and its
// session-cookie key are derived from the master key, so neither is stored anywhere.
import { createHmac } from "node:crypto";
import { lazyMasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { portalClientSecret } from "@portico/issuer-admin";
import { type Principal, sessionPrincipal } from "@portico/platform";
import { AddressList, clientAddress, type Settings } from "@portico/settings";
import { headers } from "next/headers";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth/next";
import { authLogger } from "./auth-log";

export interface PortalUser {
  id: string;
  username: string;
  roles: string[];
}

export interface PortalAuth {
  /** next-auth's options, built on first use (not at build time). */
  options(): NextAuthOptions;
  /** The signed-in user, fresh from the user store, or null. Disabled users are signed out. */
  currentUser(): Promise<PortalUser | null>;
  /** The signed-in user as the platform's operations see them. */
  currentPrincipal(): Promise<Principal | null>;
  /** Where to send the browser to end the key manager session too (RP-initiated logout). */
  logoutUrl(idTokenHint?: string): string;
}

interface SessionToken {
  sub?: string;
  idToken?: string;
  username?: string;
}

export function createPortalAuth(input: {
  clientId: string;
  portalUrl: string;
  settings: Settings;
  db: Db;
  /** REST scopes the portal asks for at sign-in */
  scopes: string[];
}): PortalAuth {
  const { settings, db } = input;
  let options: NextAuthOptions | undefined;
  const ring = lazyMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY);

  function build(): NextAuthOptions {
    const issuer = settings.PORTICO_ISSUER;
    return {
      secret: createHmac("sha256", ring().current.key)
        .update(`portal-session:${input.clientId}`)
        .digest("base64url"),
      session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
      useSecureCookies: input.portalUrl.startsWith("https://"),
      pages: { signIn: "/signin" },
      logger: authLogger(input.clientId),
      providers: [
        {
          id: "portico",
          name: "Portico",
          type: "oauth",
          wellKnown: `${issuer}/.well-known/openid-configuration`,
          clientId: input.clientId,
          clientSecret: portalClientSecret(ring(), input.clientId),
          authorization: { params: { scope: ["openid", "profile", "email", ...input.scopes].join(" ") } },
          checks: ["pkce", "state", "nonce"],
          idToken: true,
          client: { token_endpoint_auth_method: "client_secret_basic" },
          profile(profile: { sub: string; preferred_username?: string; name?: string; email?: string }) {
            return {
              id: profile.sub,
              name: profile.preferred_username ?? profile.name ?? profile.sub,
              email: profile.email ?? null,
            };
          },
        },
      ],
      callbacks: {
        async jwt({ token, account, profile }) {
          const t = token as typeof token & SessionToken;
          if (account) {
            t.idToken = account.id_token;
            t.username =
              (profile as { preferred_username?: string } | undefined)?.preferred_username ??
              token.name ??
              undefined;
          }
          return t;
        },
        async session({ session, token }) {
          const t = token as SessionToken;
          return {
            ...session,
            user: { ...session.user, id: t.sub, username: t.username },
            idToken: t.idToken,
          };
        },
      },
    };
  }

  const trustedProxies = new AddressList(settings.PORTICO_TRUSTED_PROXIES);
  /**
   * The signed-in user's address, for the audit entries of what they do on the pages, read as the
   * REST APIs read it: a route or action sees no socket, and `next start` writes the peer's address
   * as the last X-Forwarded-For hop.
   */
  async function requestAddress(): Promise<string | undefined> {
    const address = clientAddress(undefined, (await headers()).get("x-forwarded-for"), trustedProxies);
    return address === "unknown" ? undefined : address;
  }

  async function currentUser(): Promise<PortalUser | null> {
    options ??= build();
    const session = (await getServerSession(options)) as { user?: { id?: string } } | null;
    const id = session?.user?.id;
    if (!id) return null;
    const user = await db.user.findUnique({ where: { id }, include: { roles: { include: { role: true } } } });
    if (!user || user.disabled) return null;
    return { id: user.id, username: user.username, roles: user.roles.map((r) => r.role.name) };
  }

  return {
    options: () => {
      options ??= build();
      return options;
    },
    currentUser,
    async currentPrincipal() {
      const user = await currentUser();
      return user ? sessionPrincipal(user, await requestAddress()) : null;
    },
    logoutUrl(idTokenHint) {
      const url = new URL(`${settings.PORTICO_ISSUER}/oauth2/logout`);
      if (idTokenHint) url.searchParams.set("id_token_hint", idTokenHint);
      url.searchParams.set("post_logout_redirect_uri", input.portalUrl.replace(/\/$/, ""));
      url.searchParams.set("client_id", input.clientId);
      return url.toString();
    },
  };
}
