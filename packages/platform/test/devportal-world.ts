// The developer portal's REST API against a real key manager over HTTPS (token generation goes
// through its token endpoint, as in production), with two developers (dana, eve), a published
// API with a developers' scope and an admins' one, its documents, and an unpublished API.
import { keyManagerTokenIssuer } from "../src/index";
import { devportalRoutes } from "../src/rest/index";
import { makeUser, type Provider, scratchDatabase, tokenIssuer } from "./fixtures";
import { startTestKeyManager } from "./key-manager";
import { serveRestApis } from "./rest-api";

export async function startDevportal(provider: Provider) {
  const { db, drop } = await scratchDatabase(provider);
  const ids: Record<string, string> = {};
  const { km, keyring, dispatcher } = await startTestKeyManager(db, "devportal");
  const token = await tokenIssuer(db, { keyManagerKeyring: keyring });
  const developer = "portico:subscribe portico:app_manage";
  const danaUser = await makeUser(db, "dana", ["developer"]);
  const eveUser = await makeUser(db, "eve", ["developer"]);
  const dana = await token(danaUser.id, developer);
  const eve = await token(eveUser.id, developer);
  // a published API with two scopes: one for developers, one for admins only
  const owner = await makeUser(db, "pat", ["publisher"]);
  const dev = await db.role.findUniqueOrThrow({ where: { name: "developer" } });
  const admin = await db.role.findUniqueOrThrow({ where: { name: "admin" } });
  const gold = await db.throttlingTier.findFirstOrThrow({ where: { name: "Gold", level: "SUBSCRIPTION" } });
  const api = await db.api.create({
    data: {
      name: "Pizza",
      version: "1.0.0",
      context: "/pizza",
      state: "PUBLISHED",
      ownerId: owner.id,
      productionEndpoint: "http://127.0.0.1:9",
      tiers: { create: [{ tierId: gold.id }] },
      scopes: {
        create: [
          { name: "pizza:read", description: "Read", roles: { create: [{ roleId: dev.id }] } },
          { name: "pizza:admin", description: "Manage", roles: { create: [{ roleId: admin.id }] } },
        ],
      },
    },
  });
  ids.api = api.id;
  const guide = await db.apiDocument.create({
    data: {
      apiId: api.id,
      name: "Getting started",
      type: "HOWTO",
      content: "# Order a pizza\n\nCall `GET /menu`.",
    },
  });
  ids.guide = guide.id;
  await db.apiDocument.create({
    data: { apiId: api.id, name: "Forum", type: "PUBLIC_FORUM", sourceUrl: "https://forum.example/pizza" },
  });
  const hidden = await db.api.create({
    data: { name: "Hidden", version: "1", context: "/hidden", state: "CREATED", ownerId: owner.id },
  });
  ids.hidden = hidden.id;
  ids.hiddenDoc = (
    await db.apiDocument.create({
      data: { apiId: hidden.id, name: "Secret plan", type: "OTHER", content: "x" },
    })
  ).id;
  const base = "/api/devportal/v1";
  const server = await serveRestApis(db, [{ base, routes: devportalRoutes }], {
    issueApplicationToken: keyManagerTokenIssuer({
      issuer: km.url,
      keyring: () => keyring,
      dispatcher,
    }),
  });
  const call = server.caller(base);
  return {
    db,
    km,
    dispatcher,
    call,
    /** dana's and eve's tokens (developer scopes) */
    dana,
    eve,
    /** issues Portico access tokens for a user, as the key manager would */
    issueToken: token,
    /** the published API, its guide, the unpublished API and its document */
    ids,
    close: async () => {
      await server.close();
      await km.close();
      await drop();
    },
  };
}
export type Devportal = Awaited<ReturnType<typeof startDevportal>>;
