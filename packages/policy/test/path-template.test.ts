import { describe, expect, it } from "vitest";
import { compilePathTemplate, matchResource, normalizePathTemplate } from "../src/path-template";

const resources = [
  { id: "list", method: "GET", pathTemplate: "/orders" },
  { id: "one", method: "GET", pathTemplate: "/orders/{orderId}" },
  { id: "new", method: "GET", pathTemplate: "/orders/new" },
  { id: "file", method: "GET", pathTemplate: "/files/{name}.json" },
  { id: "rest", method: "GET", pathTemplate: "/static/*" },
  { id: "greedy", method: "GET", pathTemplate: "/docs/{path+}" },
  { id: "create", method: "post", pathTemplate: "orders" },
  { id: "any", method: "GET", pathTemplate: "/*" },
];
const hit = (method: string, path: string) => matchResource(resources, method, path)?.id;

describe("path templates", () => {
  it("match one segment per parameter, literal segments first", () => {
    expect(hit("GET", "/orders/42")).toBe("one");
    expect(hit("GET", "/orders/new")).toBe("new");
    expect(hit("GET", "/orders")).toBe("list");
    expect(hit("GET", "/orders/")).toBe("list");
    expect(hit("GET", "/orders/42/items")).toBe("any");
  });

  it("match a parameter inside a segment, and regex characters literally", () => {
    expect(hit("GET", "/files/report.json")).toBe("file");
    expect(hit("GET", "/files/reportxjson")).toBe("any");
  });

  it("let a trailing * or {name+} take the rest of the path, ranked below everything else", () => {
    expect(hit("GET", "/static/css/site.css")).toBe("rest");
    expect(hit("GET", "/static")).toBe("rest");
    expect(hit("GET", "/docs/a/b/c")).toBe("greedy");
    expect(hit("GET", "/anything/else")).toBe("any");
  });

  it("compare methods in any case and add the leading slash a template lacks", () => {
    expect(hit("POST", "/orders")).toBe("create");
    expect(hit("DELETE", "/orders")).toBeUndefined();
    expect(normalizePathTemplate("orders")).toBe("/orders");
    expect(normalizePathTemplate("")).toBe("/");
    expect(compilePathTemplate("").regex.test("/")).toBe(true);
    expect(compilePathTemplate("").regex.test("")).toBe(true);
  });

  it("never lets a parameter cross a slash", () => {
    expect(compilePathTemplate("/a/{id}/b").regex.test("/a/x/y/b")).toBe(false);
    expect(compilePathTemplate("/a/{id}/b").regex.test("/a/x/b")).toBe(true);
  });
});
