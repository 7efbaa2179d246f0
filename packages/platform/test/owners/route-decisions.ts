// The owners suite's decision for every route of the publisher and developer portal REST APIs.
import { expect } from "vitest";
import { apiBody, openApiDocument, type RouteDecision } from "./world";

export const routeDecisions: Record<"publisher" | "devportal", Record<string, RouteDecision>> = {
  publisher: {
    "GET /apis": {
      kind: "collection",
      why: "lists the caller's own APIs",
      probe: async (p, w) => {
        const list = await p.publisher("GET", "/apis", "bob");
        expect(list.status).toBe(200);
        expect(JSON.stringify(list.body)).not.toMatch(new RegExp(`${w.apiA}|${w.privA}`));
      },
    },
    "POST /apis": {
      kind: "collection",
      why: "creates the caller's API; another owner's context (or one under it) is 409",
      probe: async (p) => {
        expect((await p.publisher("POST", "/apis", "bob", apiBody("/pizza/v9"))).status).toBe(409);
        expect((await p.publisher("POST", "/apis", "bob", apiBody("/pizza"))).status).toBe(409);
      },
    },
    "POST /apis/import-openapi": {
      kind: "collection",
      why: "creates the caller's API; another owner's context is 409",
      probe: async (p) => {
        const r = await p.publisher("POST", "/apis/import-openapi", "bob", {
          document: openApiDocument,
          context: "/pizza/orders",
        });
        expect(r.status).toBe(409);
      },
    },
    "GET /apis/{id}": { kind: "owner", params: (w) => ({ id: w.apiA }) },
    "PUT /apis/{id}": {
      kind: "owner",
      params: (w) => ({ id: w.apiA }),
      body: { endpoints: { production: "https://bob.example/steal" }, isDefaultVersion: true },
    },
    "DELETE /apis/{id}": { kind: "owner", params: (w) => ({ id: w.apiA }) },
    "PUT /apis/{id}/security-schemes": {
      kind: "owner",
      params: (w) => ({ id: w.apiA }),
      body: { oauth2: { enabled: false }, apiKey: { enabled: true } },
    },
    "POST /apis/{id}/lifecycle": {
      kind: "owner",
      params: (w) => ({ id: w.apiA }),
      body: { action: "block" },
    },
    "POST /apis/{id}/versions": {
      kind: "owner",
      params: (w) => ({ id: w.apiA }),
      body: { version: "9.0.0", isDefaultVersion: true },
    },
    "GET /apis/{id}/openapi": { kind: "owner", params: (w) => ({ id: w.apiA }) },
    "GET /apis/{id}/subscriptions": { kind: "owner", params: (w) => ({ id: w.apiA }) },
    "POST /subscriptions/{id}/state": {
      kind: "owner",
      params: (w) => ({ id: w.subA }),
      body: { action: "block" },
    },
    "GET /roles": {
      kind: "public",
      why: "the roles scopes can be bound to: platform reference data",
      probe: async (p) => expect((await p.publisher("GET", "/roles", "bob")).status).toBe(200),
    },
    "GET /tiers": {
      kind: "public",
      why: "subscription tiers an API can offer: platform reference data",
      probe: async (p) => expect((await p.publisher("GET", "/tiers", "bob")).status).toBe(200),
    },
    "GET /key-managers": {
      kind: "public",
      why: "enabled key managers an API can accept: platform reference data",
      probe: async (p) => expect((await p.publisher("GET", "/key-managers", "bob")).status).toBe(200),
    },
    "GET /apis/{id}/documents": { kind: "owner", params: (w) => ({ id: w.apiA }) },
    "POST /apis/{id}/documents": {
      kind: "owner",
      params: (w) => ({ id: w.apiA }),
      body: { name: "Bob's", content: "# mine now" },
    },
    "GET /apis/{id}/documents/{docId}": { kind: "owner", params: (w) => ({ id: w.apiA, docId: w.docA }) },
    "PUT /apis/{id}/documents/{docId}": {
      kind: "owner",
      params: (w) => ({ id: w.apiA, docId: w.docA }),
      body: { content: "# defaced" },
    },
    "DELETE /apis/{id}/documents/{docId}": { kind: "owner", params: (w) => ({ id: w.apiA, docId: w.docA }) },
    "GET /scopes": {
      kind: "public",
      why: "every publisher sees shared scopes, to require them in their own resources",
      probe: async (p, w) => {
        const list = await p.publisher("GET", "/scopes", "bob");
        expect(list.body.find((s: { name: string }) => s.name === w.scopeA)?.owner).toBe("ann");
      },
    },
    "POST /scopes": {
      kind: "collection",
      why: "creates the caller's shared scope; a taken name is 409",
      probe: async (p, w) => {
        expect((await p.publisher("POST", "/scopes", "bob", { name: w.scopeA, roles: [] })).status).toBe(409);
      },
    },
    "PUT /scopes/{name}": {
      kind: "owner",
      params: (w) => ({ name: w.scopeA }),
      body: { roles: [], public: true },
    },
    "DELETE /scopes/{name}": { kind: "owner", params: (w) => ({ name: w.scopeA }) },
    "GET /traffic": {
      kind: "collection",
      why: "traffic of the caller's own APIs",
      probe: async (p, w) => {
        const r = await p.publisher("GET", "/traffic", "bob");
        expect(r.status).toBe(200);
        expect(JSON.stringify(r.body)).not.toContain(w.apiA);
      },
    },
    "GET /approvals": {
      kind: "collection",
      why: "the requests the caller may decide: subscriptions to their own APIs",
      probe: async (p, w) => {
        const r = await p.publisher("GET", "/approvals", "bob");
        expect(r.status).toBe(200);
        expect(JSON.stringify(r.body)).not.toContain(w.approvalA);
      },
    },
    "GET /approvals/{id}": { kind: "owner", params: (w) => ({ id: w.approvalA }) },
    "POST /approvals/{id}/decision": {
      kind: "owner",
      params: (w) => ({ id: w.approvalA }),
      body: { decision: "approve", comment: "bob says yes" },
    },
    "GET /notifications": {
      kind: "collection",
      why: "the caller's own inbox",
      probe: async (p, w) =>
        expect(JSON.stringify((await p.publisher("GET", "/notifications", "bob")).body)).not.toContain(
          w.noteA,
        ),
    },
    "GET /notifications/unread-count": {
      kind: "collection",
      why: "counts the caller's own inbox only",
      probe: async (p) =>
        expect((await p.publisher("GET", "/notifications/unread-count", "bob")).body).toEqual({ unread: 0 }),
    },
    "POST /notifications/{id}/read": { kind: "owner", params: (w) => ({ id: w.noteA }) },
    "POST /notifications/read-all": {
      kind: "collection",
      why: "marks the caller's own inbox read, never another's (the snapshot shows ann's stays unread)",
      probe: async (p) =>
        expect((await p.publisher("POST", "/notifications/read-all", "bob")).body).toEqual({ unread: 0 }),
    },
  },
  devportal: {
    "GET /apis": {
      kind: "public",
      why: "the catalog: published APIs a developer may discover (another owner's private ones hidden)",
      probe: async (p, w) => {
        const list = await p.devportal("GET", "/apis", "eve");
        expect(list.status).toBe(200);
        expect(JSON.stringify(list.body)).not.toContain(w.privA);
      },
    },
    "GET /apis/{id}": {
      kind: "public",
      why: "a discoverable API's public view; a private one of another owner is 404",
      probe: async (p, w) => {
        expect((await p.devportal("GET", `/apis/${w.apiA}`, "eve")).status).toBe(200);
        expect((await p.devportal("GET", `/apis/${w.privA}`, "eve")).status).toBe(404);
      },
    },
    "GET /apis/{id}/documents": {
      kind: "public",
      why: "documents of a discoverable API",
      probe: async (p, w) =>
        expect((await p.devportal("GET", `/apis/${w.privA}/documents`, "eve")).status).toBe(404),
    },
    "GET /apis/{id}/documents/{docId}": {
      kind: "public",
      why: "a document of a discoverable API",
      probe: async (p, w) => {
        expect((await p.devportal("GET", `/apis/${w.privA}/documents/${w.privDocA}`, "eve")).status).toBe(
          404,
        );
        // a document is only reachable through its own API
        expect((await p.devportal("GET", `/apis/${w.apiA}/documents/${w.privDocA}`, "eve")).status).toBe(404);
      },
    },
    "GET /grant-types": {
      kind: "public",
      why: "the grant types keys may use: platform reference data",
      probe: async (p) => expect((await p.devportal("GET", "/grant-types", "eve")).status).toBe(200),
    },
    "GET /applications": {
      kind: "collection",
      why: "lists the caller's own applications",
      probe: async (p, w) =>
        expect(JSON.stringify((await p.devportal("GET", "/applications", "eve")).body)).not.toContain(w.appA),
    },
    "POST /applications": {
      kind: "collection",
      why: "creates an application owned by the caller, never anyone else's",
      probe: async (p) => {
        const r = await p.devportal("POST", "/applications", "eve", { name: "Eve probe" });
        expect(r.status).toBe(201);
        const row = await p.db.application.findUniqueOrThrow({ where: { id: r.body.id } });
        expect(row.ownerId).toBe(p.ids.eve);
        await p.db.application.delete({ where: { id: r.body.id } });
      },
    },
    "GET /applications/{id}": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "PUT /applications/{id}": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: { description: "eve's" },
    },
    "DELETE /applications/{id}": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "GET /applications/{id}/keys": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "POST /applications/{id}/keys": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: { keyType: "SANDBOX", grantTypes: ["client_credentials"] },
    },
    "PUT /applications/{id}/keys/{keyType}": {
      kind: "owner",
      params: (w) => ({ id: w.appA, keyType: "PRODUCTION" }),
      body: { callbackUrls: ["https://eve.example/cb"], grantTypes: ["authorization_code"] },
    },
    "DELETE /applications/{id}/keys/{keyType}": {
      kind: "owner",
      params: (w) => ({ id: w.appA, keyType: "PRODUCTION" }),
    },
    "POST /applications/{id}/keys/{keyType}/secrets": {
      kind: "owner",
      params: (w) => ({ id: w.appA, keyType: "PRODUCTION" }),
      body: { expireExistingInSeconds: 0 },
    },
    "DELETE /applications/{id}/keys/{keyType}/secrets/{secretId}": {
      kind: "owner",
      params: (w) => ({ id: w.appA, keyType: "PRODUCTION", secretId: w.secretA }),
    },
    "POST /applications/{id}/dpop-tokens": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: {
        keyType: "PRODUCTION",
        scopes: [],
        jwk: {
          kty: "EC",
          crv: "P-256",
          x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
          y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        },
      },
    },
    "GET /applications/{id}/api-keys": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "POST /applications/{id}/api-keys": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: { name: "eve's key" },
    },
    "DELETE /applications/{id}/api-keys/{keyId}": {
      kind: "owner",
      params: (w) => ({ id: w.appA, keyId: w.apiKeyA }),
    },
    "GET /applications/{id}/certificates": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "POST /applications/{id}/certificates": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: { pem: "-----BEGIN CERTIFICATE-----" },
    },
    "DELETE /applications/{id}/certificates/{certificateId}": {
      kind: "owner",
      params: (w) => ({ id: w.appA, certificateId: w.certA }),
    },
    "GET /applications/{id}/scopes": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "POST /applications/{id}/tokens": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: { keyType: "PRODUCTION", scopes: [] },
    },
    "GET /key-managers": {
      kind: "public",
      why: "the external key managers keys may live at, and their grant types: platform reference data",
      probe: async (p) => {
        const listed = await p.devportal("GET", "/key-managers", "eve");
        expect(listed.status).toBe(200);
        // never a secret or Portico's own credentials there
        expect(JSON.stringify(listed.body)).not.toMatch(/secret|clientId|registrationToken/i);
      },
    },
    "POST /applications/{id}/external-keys": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: { keyManager: "Partner", keyType: "SANDBOX", grantTypes: ["client_credentials"] },
    },
    "POST /applications/{id}/external-keys/link": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: { keyManager: "Partner", keyType: "SANDBOX", clientId: "eve-client", accessToken: "eve-token" },
    },
    "POST /applications/{id}/external-keys/{keyType}/tokens": {
      kind: "owner",
      params: (w) => ({ id: w.appA, keyType: "PRODUCTION" }),
      body: { consumerSecret: "guess" },
    },
    "GET /applications/{id}/tokens": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "DELETE /applications/{id}/tokens": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "DELETE /applications/{id}/tokens/{tokenId}": {
      kind: "owner",
      params: (w) => ({ id: w.appA, tokenId: w.tokenA }),
    },
    "GET /subscriptions": {
      kind: "collection",
      why: "the caller's own subscriptions, even when filtered by another's application",
      probe: async (p, w) => {
        const r = await p.devportal("GET", `/subscriptions?applicationId=${w.appA}`, "eve");
        expect(r.body).toEqual([]);
      },
    },
    "POST /subscriptions": {
      kind: "collection",
      why: "subscribes one of the caller's applications; another's is 404",
      probe: async (p, w) => {
        const r = await p.devportal("POST", "/subscriptions", "eve", {
          applicationId: w.appA,
          apiId: w.privA,
          tier: "Gold",
        });
        expect(r.status).toBe(404);
      },
    },
    "DELETE /subscriptions/{id}": { kind: "owner", params: (w) => ({ id: w.subA }) },
    "GET /usage": {
      kind: "collection",
      why: "usage of the caller's own applications",
      probe: async (p, w) =>
        expect((await p.devportal("GET", `/usage?applicationId=${w.appA}`, "eve")).body).toEqual([]),
    },
    "GET /approvals": {
      kind: "collection",
      why: "the requests the caller made",
      probe: async (p, w) => {
        const r = await p.devportal("GET", "/approvals", "eve");
        expect(r.status).toBe(200);
        expect(JSON.stringify(r.body)).not.toContain(w.approvalA);
      },
    },
    "GET /notifications": {
      kind: "collection",
      why: "the caller's own inbox",
      probe: async (p, w) =>
        expect(JSON.stringify((await p.devportal("GET", "/notifications", "eve")).body)).not.toContain(
          w.devNoteA,
        ),
    },
    "GET /notifications/unread-count": {
      kind: "collection",
      why: "counts the caller's own inbox only",
      probe: async (p) =>
        expect((await p.devportal("GET", "/notifications/unread-count", "eve")).body).toEqual({ unread: 0 }),
    },
    "POST /notifications/{id}/read": { kind: "owner", params: (w) => ({ id: w.devNoteA }) },
    "POST /notifications/read-all": {
      kind: "collection",
      why: "marks the caller's own inbox read, never another's (the snapshot shows dana's stays unread)",
      probe: async (p) =>
        expect((await p.devportal("POST", "/notifications/read-all", "eve")).body).toEqual({ unread: 0 }),
    },
  },
};
