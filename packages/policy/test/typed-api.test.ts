import { describe, expect, it } from "vitest";
import { createPdp } from "../src";
import {
  apply,
  designator,
  ENVIRONMENT,
  obligation,
  policy,
  policySet,
  roleTarget,
  rule,
  str,
  value,
} from "./fixtures";

describe("typed decide() API", () => {
  const pdp = createPdp(
    policySet(
      [
        policy(
          [
            rule("admins-may-write", "Permit", {
              target: roleTarget("admin"),
              obligations: obligation("add-header", "Permit", ["X-Role", str("admin")]),
            }),
          ],
          { id: "admin-policy" },
        ),
        policy(
          [
            rule("readers-may-get", "Permit", {
              target: roleTarget("reader"),
              condition: apply(
                "string-is-in",
                str("GET"),
                designator(
                  "urn:oasis:names:tc:xacml:3.0:attribute-category:action",
                  "urn:oasis:names:tc:xacml:1.0:action:action-id",
                ),
              ),
            }),
          ],
          { id: "reader-policy" },
        ),
      ],
      { id: "api-policies", algorithm: "deny-unless-permit" },
    ),
  );

  it("decides from plain attribute objects and names the deciding rule", () => {
    const r = pdp.decide({ subject: { id: "alice", roles: ["reader"] }, action: { id: "GET" } });
    expect(r).toMatchObject({
      decision: "Permit",
      ruleId: "readers-may-get",
      policyId: "reader-policy",
      obligations: [],
    });
    expect(pdp.decide({ subject: { roles: ["reader"] }, action: { id: "DELETE" } }).decision).toBe("Deny");
  });

  it("returns obligations with printed values", () => {
    const r = pdp.decide({ subject: { role: "admin" } });
    expect(r.obligations).toEqual([
      {
        id: "add-header",
        attributes: [
          {
            attributeId: "X-Role",
            dataType: "http://www.w3.org/2001/XMLSchema#string",
            value: "admin",
            jsonValue: "admin",
          },
        ],
      },
    ]);
  });

  it("lists the applicable policies on request", () => {
    const r = pdp.decide({ subject: { role: "admin" }, returnPolicyIdList: true });
    expect(r.policyIdentifiers?.map((p) => p.id)).toEqual(["admin-policy", "api-policies"]);
  });

  it("converts plain values to the data type the policy asks for", () => {
    const hours = createPdp(
      policy([
        rule("office-hours", "Permit", {
          condition: apply(
            "urn:oasis:names:tc:xacml:2.0:function:time-in-range",
            apply(
              "time-one-and-only",
              designator(ENVIRONMENT, "urn:oasis:names:tc:xacml:1.0:environment:current-time", "time"),
            ),
            value("time", "09:00:00Z"),
            value("time", "17:00:00Z"),
          ),
        }),
      ]),
    );
    const ages = createPdp(
      policy([
        rule("adults", "Permit", {
          condition: apply(
            "integer-greater-than-or-equal",
            apply("integer-one-and-only", designator("urn:test:subject", "age", "integer")),
            `<AttributeValue DataType="http://www.w3.org/2001/XMLSchema#integer">18</AttributeValue>`,
          ),
        }),
      ]),
    );
    expect(hours.decide({ environment: { "current-time": "10:30:00Z" } }).decision).toBe("Permit");
    expect(hours.decide({ environment: { "current-time": "20:00:00Z" } }).decision).toBe("NotApplicable");
    expect(ages.decide({ categories: { "urn:test:subject": { age: "21" } } }).decision).toBe("Permit");
    expect(ages.decide({ categories: { "urn:test:subject": { age: 12 } } }).decision).toBe("NotApplicable");
    // A value that cannot be read as the asked type is absent, so one-and-only fails.
    expect(ages.decide({ categories: { "urn:test:subject": { age: "old" } } }).decision).toBe(
      "Indeterminate",
    );
  });
});
