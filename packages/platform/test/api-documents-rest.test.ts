import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPublisherApi } from "./publisher-server";

let api: Awaited<ReturnType<typeof startPublisherApi>>;
let publicApi = "";
let privateApi = "";

beforeAll(async () => {
  api = await startPublisherApi({ pat: ["publisher"], quinn: ["publisher"], dev: ["developer"] });
  const base = { version: "1.0.0", resources: [{ method: "GET", path: "/" }] };
  publicApi = (await api.call("POST", "/apis", "pat", { ...base, name: "Docs", context: "/docs" })).body.id;
  privateApi = (
    await api.call("POST", "/apis", "pat", {
      ...base,
      name: "Secret",
      context: "/secret",
      visibility: "PRIVATE",
    })
  ).body.id;
});
afterAll(() => api.close());

describe("publisher REST API: API documents", () => {
  it("adds markdown and link documents, lists them by name and reads one", async () => {
    const guide = await api.call("POST", `/apis/${publicApi}/documents`, "pat", {
      name: "Getting started",
      type: "HOWTO",
      content: "# Hello\n\nCall `GET /`.",
    });
    expect(guide.status).toBe(201);
    expect(guide.body).toMatchObject({ name: "Getting started", type: "HOWTO", sourceUrl: null });
    const forum = await api.call("POST", `/apis/${publicApi}/documents`, "pat", {
      name: "Forum",
      type: "SUPPORT_FORUM",
      sourceUrl: "https://forum.example/docs",
    });
    expect(forum.status).toBe(201);
    const list = await api.call("GET", `/apis/${publicApi}/documents`, "pat");
    expect(list.status).toBe(200);
    expect(list.body.map((d: { name: string }) => d.name)).toEqual(["Forum", "Getting started"]);
    // another publisher does not see them, even of a public API (developers do, in the catalog)
    expect((await api.call("GET", `/apis/${publicApi}/documents`, "quinn")).status).toBe(404);
    const one = await api.call("GET", `/apis/${publicApi}/documents/${guide.body.id}`, "pat");
    expect(one.body.content).toBe("# Hello\n\nCall `GET /`.");
    const audited = await api.db.auditEvent.findFirst({
      where: { action: "api.document.create", targetId: publicApi },
    });
    expect(audited?.actorName).toBe("pat");
  });

  it("refuses a second document with the same name in the same API (409), but not in another API", async () => {
    const again = await api.call("POST", `/apis/${publicApi}/documents`, "pat", {
      name: "Forum",
      content: "x",
    });
    expect(again.status).toBe(409);
    expect(again.body.details.fields[0].field).toBe("name");
    const elsewhere = await api.call("POST", `/apis/${privateApi}/documents`, "pat", {
      name: "Forum",
      content: "x",
    });
    expect(elsewhere.status).toBe(201);
  });

  it("refuses bad input naming the field: both or neither source, unknown type, non-http URL", async () => {
    const url = `/apis/${publicApi}/documents`;
    const both = await api.call("POST", url, "pat", {
      name: "A",
      content: "x",
      sourceUrl: "https://a.example",
    });
    expect(both.status).toBe(400);
    const neither = await api.call("POST", url, "pat", { name: "A" });
    expect(neither.status).toBe(400);
    expect(neither.body.details.fields[0].field).toBe("content");
    const type = await api.call("POST", url, "pat", { name: "A", type: "BLOG", content: "x" });
    expect(type.body.details.fields[0].field).toBe("type");
    const js = await api.call("POST", url, "pat", { name: "A", sourceUrl: "javascript:alert(1)" });
    expect(js.status).toBe(400);
    expect(js.body.details.fields[0].field).toBe("sourceUrl");
    expect(await api.db.apiDocument.count({ where: { apiId: publicApi, name: "A" } })).toBe(0);
  });

  it("changes a document, switching from content to a link, and renames it unless the name is taken", async () => {
    const list = (await api.call("GET", `/apis/${publicApi}/documents`, "pat")).body as Array<{
      id: string;
      name: string;
    }>;
    const guide = list.find((d) => d.name === "Getting started");
    const url = `/apis/${publicApi}/documents/${guide?.id}`;
    const linked = await api.call("PUT", url, "pat", { sourceUrl: "https://guide.example", type: "SAMPLES" });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ type: "SAMPLES", content: null, sourceUrl: "https://guide.example" });
    expect((await api.call("PUT", url, "pat", { name: "Forum" })).status).toBe(409);
    expect((await api.call("PUT", url, "pat", { sourceUrl: null })).status).toBe(400);
    const renamed = await api.call("PUT", url, "pat", { name: "Samples" });
    expect(renamed.body.name).toBe("Samples");
  });

  it("lets only who may change the API change its documents; hides private APIs' documents", async () => {
    const docs = (await api.call("GET", `/apis/${publicApi}/documents`, "pat")).body as Array<{ id: string }>;
    const id = docs[0]?.id;
    // quinn can neither see nor change pat's public API: 404, as for the API itself
    expect(
      (await api.call("POST", `/apis/${publicApi}/documents`, "quinn", { name: "Q", content: "q" })).status,
    ).toBe(404);
    expect((await api.call("PUT", `/apis/${publicApi}/documents/${id}`, "quinn", { name: "Q" })).status).toBe(
      404,
    );
    expect((await api.call("DELETE", `/apis/${publicApi}/documents/${id}`, "quinn")).status).toBe(404);
    expect((await api.call("GET", `/apis/${privateApi}/documents`, "quinn")).status).toBe(404);
    // a document id of another API is not reachable through this one
    const other = (await api.call("GET", `/apis/${privateApi}/documents`, "pat")).body[0].id;
    expect((await api.call("GET", `/apis/${publicApi}/documents/${other}`, "pat")).status).toBe(404);
    // a token without api_create cannot add one
    const viewOnly = await api.call(
      "POST",
      `/apis/${publicApi}/documents`,
      "pat",
      { name: "V", content: "v" },
      "portico:api_view",
    );
    expect(viewOnly.status).toBe(403);
  });

  it("deletes a document, and the API's deletion takes its documents with it", async () => {
    const docs = (await api.call("GET", `/apis/${publicApi}/documents`, "pat")).body as Array<{ id: string }>;
    const first = docs[0]?.id ?? "";
    expect((await api.call("DELETE", `/apis/${publicApi}/documents/${first}`, "pat")).status).toBe(204);
    expect((await api.call("GET", `/apis/${publicApi}/documents/${first}`, "pat")).status).toBe(404);
    expect((await api.call("DELETE", `/apis/${privateApi}`, "pat")).status).toBe(204);
    expect(await api.db.apiDocument.count({ where: { apiId: privateApi } })).toBe(0);
  });
});
