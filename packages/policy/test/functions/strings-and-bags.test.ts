import { describe, expect, it } from "vitest";
import { createPdp } from "../../src";
import { apply, bool, designator, F2, F3, fnRef, int, policy, rule, SUBJECT, str, value } from "../fixtures";

import { evaluate, intBag, strBag, truth } from "./evaluate-expression";

describe("logical functions", () => {
  const missing = apply("string-one-and-only", designator(SUBJECT, "urn:test:none", "string", true));
  const error = apply("string-equal", str("a"), missing);
  it("and, or, not, n-of", () => {
    expect(truth(apply("and", bool(true), bool(true)))).toBe(true);
    expect(truth(apply("and"))).toBe(true);
    expect(truth(apply("or"))).toBe(false);
    expect(truth(apply("or", bool(false), bool(true)))).toBe(true);
    expect(truth(apply("not", bool(false)))).toBe(true);
    expect(truth(apply("n-of", int(2), bool(true), bool(false), bool(true)))).toBe(true);
    expect(truth(apply("n-of", int(3), bool(true), bool(false), bool(true)))).toBe(false);
  });
  it("short-circuit past Indeterminate arguments only when the answer is already known", () => {
    expect(truth(apply("or", error, bool(true)))).toBe(true);
    expect(truth(apply("or", error, bool(false)))).toBe("Indeterminate:missing-attribute");
    expect(truth(apply("and", error, bool(false)))).toBe(false);
    expect(truth(apply("and", bool(true), error))).toBe("Indeterminate:missing-attribute");
    expect(truth(apply("n-of", int(1), error, bool(true)))).toBe(true);
    expect(truth(apply("n-of", int(2), error, bool(true)))).toBe("Indeterminate:missing-attribute");
  });
});

describe("string functions", () => {
  it("concatenate, test and cut strings", () => {
    expect(evaluate(apply(`${F2}string-concatenate`, str("a"), str("b"), str("c")))).toBe("abc");
    expect(truth(apply(`${F3}string-starts-with`, str("/pizza"), str("/pizza/menu")))).toBe(true);
    expect(truth(apply(`${F3}string-ends-with`, str(".json"), str("a.json")))).toBe(true);
    expect(truth(apply(`${F3}string-contains`, str("zz"), str("pizza")))).toBe(true);
    expect(truth(apply(`${F3}anyURI-starts-with`, str("https:"), value("anyURI", "https://x")))).toBe(true);
    expect(evaluate(apply(`${F3}string-substring`, str("portico"), int(1), int(4)))).toBe("ort");
    expect(evaluate(apply(`${F3}string-substring`, str("portico"), int(4), int(-1)))).toBe("ico");
    expect(evaluate(apply(`${F3}string-substring`, str("abc"), int(2), int(9)))).toBe(
      "Indeterminate:processing-error",
    );
    expect(evaluate(apply("string-normalize-space", str("  x y  ")))).toBe("x y");
    expect(evaluate(apply("string-normalize-to-lower-case", str("MiXeD")))).toBe("mixed");
  });
  it("convert to and from strings", () => {
    expect(evaluate(apply(`${F3}integer-from-string`, str("42")))).toBe("42");
    expect(evaluate(apply(`${F3}integer-from-string`, str("4x2")))).toBe("Indeterminate:syntax-error");
    expect(evaluate(apply(`${F3}string-from-boolean`, bool(false)))).toBe("false");
    expect(
      evaluate(
        apply(`${F3}string-from-dateTime`, apply(`${F3}dateTime-from-string`, str("2024-05-06T07:08:09Z"))),
      ),
    ).toBe("2024-05-06T07:08:09Z");
    expect(
      evaluate(
        apply(`${F3}string-from-dayTimeDuration`, apply(`${F3}dayTimeDuration-from-string`, str("P1DT2H"))),
      ),
    ).toBe("P1DT2H");
    expect(
      evaluate(
        apply(
          `${F3}string-from-ipAddress`,
          apply(`${F3}ipAddress-from-string`, str("10.0.0.1/255.0.0.0:80-90")),
        ),
      ),
    ).toBe("10.0.0.1/255.0.0.0:80-90");
    expect(
      evaluate(
        apply(`${F3}string-from-dnsName`, apply(`${F3}dnsName-from-string`, str("*.example.com:443"))),
      ),
    ).toBe("*.example.com:443");
  });
});

describe("bag functions", () => {
  it("one-and-only, bag-size, is-in, bag", () => {
    expect(
      evaluate(apply("string-one-and-only", designator(SUBJECT, "urn:test:x")), {
        subject: { "urn:test:x": "v" },
      }),
    ).toBe("v");
    expect(
      evaluate(apply("string-one-and-only", designator(SUBJECT, "urn:test:x")), {
        subject: { "urn:test:x": ["a", "b"] },
      }),
    ).toBe("Indeterminate:processing-error");
    expect(
      evaluate(apply("string-bag-size", designator(SUBJECT, "urn:test:x")), {
        subject: { "urn:test:x": ["a", "b"] },
      }),
    ).toBe("2");
    expect(evaluate(apply("string-bag-size", designator(SUBJECT, "urn:test:x")))).toBe("0");
    expect(truth(apply("integer-is-in", int(3), intBag(1, 2, 3)))).toBe(true);
    expect(truth(apply("string-is-in", str("z"), strBag("a")))).toBe(false);
    expect(evaluate(strBag("x", "y"))).toEqual(["x", "y"]);
  });
});

describe("set functions", () => {
  it("intersection, union, subset, set-equals, at-least-one-member-of", () => {
    expect(evaluate(apply("string-intersection", strBag("a", "b", "b", "c"), strBag("b", "c", "d")))).toEqual(
      ["b", "c"],
    );
    expect(evaluate(apply("string-union", strBag("a", "b"), strBag("b", "c")))).toEqual(["a", "b", "c"]);
    expect(truth(apply("string-subset", strBag("a"), strBag("a", "b")))).toBe(true);
    expect(truth(apply("string-subset", strBag("a", "z"), strBag("a", "b")))).toBe(false);
    expect(truth(apply("integer-set-equals", intBag(1, 2, 2), intBag(2, 1)))).toBe(true);
    expect(truth(apply("string-at-least-one-member-of", strBag("x", "b"), strBag("a", "b")))).toBe(true);
  });
});

describe("higher-order functions", () => {
  const roles = designator(SUBJECT, "urn:oasis:names:tc:xacml:2.0:subject:role");
  const input = { subject: { role: ["dev", "ops"] } };
  it("any-of, all-of, any-of-any, all-of-any, any-of-all, all-of-all, map", () => {
    expect(truth(apply(`${F3}any-of`, fnRef("string-equal"), str("ops"), roles), input)).toBe(true);
    expect(truth(apply(`${F3}all-of`, fnRef("string-equal"), str("ops"), roles), input)).toBe(false);
    expect(truth(apply(`${F3}any-of-any`, fnRef("string-equal"), strBag("x", "dev"), roles), input)).toBe(
      true,
    );
    expect(truth(apply("all-of-any", fnRef("integer-greater-than"), intBag(10, 20), intBag(1, 15)))).toBe(
      true,
    );
    expect(truth(apply("any-of-all", fnRef("integer-greater-than"), intBag(3, 5), intBag(1, 4)))).toBe(true);
    expect(truth(apply("all-of-all", fnRef("integer-greater-than"), intBag(6, 5), intBag(1, 4)))).toBe(true);
    expect(truth(apply("all-of-all", fnRef("integer-greater-than"), intBag(3, 5), intBag(1, 4)))).toBe(false);
    expect(evaluate(apply(`${F3}map`, fnRef("string-normalize-to-lower-case"), strBag("A", "B")))).toEqual([
      "a",
      "b",
    ]);
    // The 3.0 any-of takes its bag in any position.
    expect(truth(apply(`${F3}any-of`, fnRef(`${F3}string-starts-with`), str("o"), roles), input)).toBe(true);
  });
  it("rejects a function that does not fit at load time", () => {
    expect(() =>
      createPdp(
        policy([
          rule("r", "Permit", {
            condition: apply(`${F3}any-of`, fnRef("integer-equal"), str("a"), strBag("a")),
          }),
        ]),
      ),
    ).toThrow(expect.objectContaining({ code: "TYPE_MISMATCH" }));
  });
});
