// The admin REST API's policy routes over a scratch database with two APIs (PizzaShack with four
// resources, Weather with one), an admin and a publisher, and XACML documents to upload.
import { expect } from "vitest";
import { policyRoutes } from "../src/rest/index";
import { makeUser, scratchDb, tokenIssuer } from "./fixtures";
import { serveRestApis } from "./rest-api";

export const NS = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";
export const STRING = "http://www.w3.org/2001/XMLSchema#string";
export const SUBJECT = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject";
export const RESOURCE = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource";
export const ACTION = "urn:oasis:names:tc:xacml:3.0:attribute-category:action";
export const STRING_EQUAL = "urn:oasis:names:tc:xacml:1.0:function:string-equal";

export const match = (category: string, attributeId: string, value: string, fn = STRING_EQUAL) => `
        <Match MatchId="${fn}">
          <AttributeValue DataType="${STRING}">${value}</AttributeValue>
          <AttributeDesignator Category="${category}" AttributeId="${attributeId}" DataType="${STRING}" MustBePresent="false"/>
        </Match>`;
export const action = (method: string) =>
  match(ACTION, "urn:oasis:names:tc:xacml:1.0:action:action-id", method);
export const role = (name: string) => match(SUBJECT, "urn:oasis:names:tc:xacml:2.0:subject:role", name);
export const target = (...matches: string[]) =>
  `<Target><AnyOf><AllOf>${matches.join("")}</AllOf></AnyOf></Target>`;

/** A policy for the PizzaShack API, written against the attributes the gateway sends. */
export function pizzaPolicy(options: { apiName?: string; deleteRule?: string; matchFn?: string } = {}) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Policy xmlns="${NS}" PolicyId="pizza-access" Version="1.0"
    RuleCombiningAlgId="urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable">
  ${target(match(RESOURCE, "urn:portico:resource:api-name", options.apiName ?? "PizzaShack", options.matchFn))}
  <Rule RuleId="${options.deleteRule ?? "admins-delete"}" Effect="Permit">
    ${target(action("DELETE"), role("admin"))}
  </Rule>
  <Rule RuleId="nobody-else-deletes" Effect="Deny">
    ${target(action("DELETE"))}
  </Rule>
  <Rule RuleId="customers-read" Effect="Permit">
    ${target(action("GET"), role("customer"), match(RESOURCE, "urn:portico:resource:path-template", "/menu/{id}"))}
    <AdviceExpressions>
      <AdviceExpression AdviceId="urn:example:advice:cache" AppliesTo="Permit">
        <AttributeAssignmentExpression AttributeId="urn:example:max-age">
          <AttributeValue DataType="http://www.w3.org/2001/XMLSchema#integer">60</AttributeValue>
        </AttributeAssignmentExpression>
      </AdviceExpression>
    </AdviceExpressions>
  </Rule>
  <Rule RuleId="kitchen-orders" Effect="Permit">
    ${target(action("POST"))}
    <Condition>
      <Apply FunctionId="urn:oasis:names:tc:xacml:1.0:function:string-is-in">
        <AttributeValue DataType="${STRING}">kitchen</AttributeValue>
        <AttributeDesignator Category="${SUBJECT}" AttributeId="urn:example:department" DataType="${STRING}" MustBePresent="false"/>
      </Apply>
    </Condition>
    <ObligationExpressions>
      <ObligationExpression ObligationId="urn:example:obligation:log" FulfillOn="Permit"/>
    </ObligationExpressions>
  </Rule>
</Policy>`;
}

export async function startPolicyAdmin() {
  const db = await scratchDb();
  const token = await tokenIssuer(db);
  const root = await makeUser(db, "root", ["admin"]);
  const pub = await makeUser(db, "pat", ["publisher"]);
  const adminToken = await token(root.id, "portico:admin");
  // a publisher's roles do not allow the admin scope, even when the token carries it
  const publisherToken = await token(pub.id, "portico:admin portico:api_view");
  const pizza = await db.api.create({
    data: {
      name: "PizzaShack",
      version: "1.0.0",
      context: "/pizza/",
      resources: {
        create: [
          { method: "GET", pathTemplate: "/menu/{id}" },
          { method: "GET", pathTemplate: "/menu/specials" },
          { method: "POST", pathTemplate: "/orders" },
          { method: "DELETE", pathTemplate: "/orders/{id}" },
        ],
      },
    },
    include: { resources: true },
  });
  const pizzaId = pizza.id;
  const menuItemId = pizza.resources.find((r) => r.pathTemplate === "/menu/{id}")?.id ?? "";
  const ordersId = pizza.resources.find((r) => r.pathTemplate === "/orders")?.id ?? "";
  const other = await db.api.create({
    data: {
      name: "Weather",
      version: "2.0.0",
      context: "/weather",
      resources: { create: [{ method: "GET", pathTemplate: "/today" }] },
    },
    include: { resources: true },
  });
  const otherApiId = other.id;
  const otherResourceId = other.resources[0]?.id ?? "";
  const base = "/api/admin/v1";
  const server = await serveRestApis(db, [{ base, routes: policyRoutes }]);
  const rest = server.caller(base);
  /** Calls the policy routes as the admin, or as the bearer given. */
  const call = (method: string, path: string, body?: unknown, bearer = adminToken) =>
    rest(method, path, bearer, body);
  /** Uploads a policy as the admin; its id. */
  async function upload(name: string, content = pizzaPolicy()) {
    const res = await call("POST", "/policies", { name, content });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  return {
    db,
    /** the server's root URL, for requests without a token */
    url: server.url,
    call,
    upload,
    adminToken,
    publisherToken,
    pizzaId,
    menuItemId,
    ordersId,
    otherApiId,
    otherResourceId,
    close: async () => {
      await server.close();
      await db.$disconnect();
    },
  };
}
export type PolicyAdmin = Awaited<ReturnType<typeof startPolicyAdmin>>;
