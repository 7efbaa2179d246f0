// The user's consent to what a third-party client asks for. First-party clients need none; others
// get the consent page unless the user already consented to every requested scope (or
// `prompt=consent` asks again). A submitted consent form is recorded, merged with earlier consent.
import type { ClientRecord } from "../../clients/find-client";
import { AccessDenied, ConsentRequired } from "../../errors";
import type { Exchange, Params } from "../../http/exchange";
import { endpointUrls, type KeyManager } from "../../key-manager";
import { checkCsrf, csrfToken, type LoginSessionRecord } from "../../sessions/login-session";
import { consentPage, errorPage } from "../../views/page";
import { requestFields } from "./authorization-request";

export interface ConsentRequest {
  params: Params;
  client: ClientRecord;
  session: LoginSessionRecord;
  /** the scope that will be granted, already validated */
  scope: string[];
  prompt: Set<string>;
  action: string | undefined;
}

async function recordConsent(km: KeyManager, ex: Exchange, request: ConsentRequest): Promise<boolean> {
  const { params, client, session, scope } = request;
  if (!checkCsrf(km, ex, params.get("portico_csrf"))) {
    ex.html(403, errorPage("access_denied", "the consent form expired; start again from the application"));
    return false;
  }
  if (params.get("decision") !== "allow") throw new AccessDenied("the user denied the request");
  const key = { userId_clientId: { userId: session.userId, clientId: client.id } };
  const existing = await km.db.consent.findUnique({ where: key });
  const merged = [...new Set([...(existing?.scope.split(" ").filter(Boolean) ?? []), ...scope])].join(" ");
  await km.db.consent.upsert({
    where: key,
    create: { userId: session.userId, clientId: client.id, scope: merged },
    update: { scope: merged },
  });
  return true;
}

async function renderConsentPage(km: KeyManager, ex: Exchange, request: ConsentRequest): Promise<void> {
  const { params, client, session, scope } = request;
  const rows = await km.db.scope.findMany({
    where: { name: { in: scope } },
    select: { name: true, description: true },
  });
  const descriptions = new Map(rows.map((r) => [r.name, r.description]));
  ex.html(
    200,
    consentPage({
      action: endpointUrls(km.issuer).authorization,
      fields: [...requestFields(params), ["portico_action", "consent"], ["portico_csrf", csrfToken(km, ex)]],
      clientName: client.name,
      username: session.user.displayName ?? session.user.username,
      scopes: scope.map((name) => ({ name, description: descriptions.get(name) })),
    }),
  );
}

/** True when the code may be issued; false when a page has been sent instead. */
export async function ensureConsent(km: KeyManager, ex: Exchange, request: ConsentRequest): Promise<boolean> {
  const { client, session, scope, prompt } = request;
  if (client.firstParty) return true;
  if (request.action === "consent") return recordConsent(km, ex, request);
  const consent = await km.db.consent.findUnique({
    where: { userId_clientId: { userId: session.userId, clientId: client.id } },
  });
  const granted = new Set(consent?.scope.split(" ") ?? []);
  const covered = consent !== null && scope.every((s) => granted.has(s));
  if (covered && !prompt.has("consent")) return true;
  if (prompt.has("none")) throw new ConsentRequired();
  await renderConsentPage(km, ex, request);
  return false;
}
