import { describe, expect, it } from "vitest";
import { type AttributeInput, createPdp, MAX_REGEX_INPUT } from "../src";
import {
  apply,
  bool,
  designator,
  F2,
  F3,
  fnRef,
  int,
  obligation,
  policy,
  RESOURCE,
  rule,
  SUBJECT,
  str,
  value,
} from "./fixtures";

/** Evaluates a boolean expression as a rule condition: true, false, or the Indeterminate status. */
function truth(expr: string, input: AttributeInput = {}): boolean | string {
  const r = createPdp(policy([rule("r", "Permit", { condition: expr })])).decide(input);
  if (r.decision === "Indeterminate") return `Indeterminate:${r.status.code.split(":").pop()}`;
  return r.decision === "Permit";
}

/** Evaluates any expression through an obligation, returning its printed value(s). */
function evaluate(expr: string, input: AttributeInput = {}): string | string[] {
  const r = createPdp(
    policy([rule("r", "Permit", { obligations: obligation("o", "Permit", ["v", expr]) })]),
  ).decide(input);
  if (r.decision === "Indeterminate") return `Indeterminate:${r.status.code.split(":").pop()}`;
  const values = r.obligations[0]?.attributes.map((a) => a.value) ?? [];
  return values.length === 1 ? (values[0] as string) : values;
}

const dbl = (n: string) => value("double", n);
const strBag = (...xs: string[]) => apply("string-bag", ...xs.map(str));
const intBag = (...xs: number[]) => apply("integer-bag", ...xs.map(int));

describe("equality functions", () => {
  it("compare each data type by value", () => {
    expect(truth(apply("string-equal", str("a"), str("a")))).toBe(true);
    expect(truth(apply("string-equal", str("a"), str("A")))).toBe(false);
    expect(truth(apply(`${F3}string-equal-ignore-case`, str("Hello"), str("hELLO")))).toBe(true);
    expect(truth(apply("boolean-equal", bool(true), value("boolean", "1")))).toBe(true);
    expect(truth(apply("integer-equal", int(7), value("integer", "+7")))).toBe(true);
    expect(truth(apply("double-equal", dbl("1.0"), dbl("1e0")))).toBe(true);
    expect(truth(apply("date-equal", value("date", "2024-01-01"), value("date", "2024-01-01Z")))).toBe(true);
    expect(
      truth(
        apply(
          "dateTime-equal",
          value("dateTime", "2024-01-01T12:00:00+02:00"),
          value("dateTime", "2024-01-01T10:00:00Z"),
        ),
      ),
    ).toBe(true);
    expect(truth(apply("time-equal", value("time", "10:00:00"), value("time", "10:00:00.000")))).toBe(true);
    expect(
      truth(
        apply(
          `${F3}dayTimeDuration-equal`,
          value("dayTimeDuration", "P1D"),
          value("dayTimeDuration", "PT24H"),
        ),
      ),
    ).toBe(true);
    expect(
      truth(
        apply(
          `${F3}yearMonthDuration-equal`,
          value("yearMonthDuration", "P1Y"),
          value("yearMonthDuration", "P12M"),
        ),
      ),
    ).toBe(true);
    expect(truth(apply("anyURI-equal", value("anyURI", "http://a/b"), value("anyURI", "http://a/b")))).toBe(
      true,
    );
    expect(truth(apply("hexBinary-equal", value("hexBinary", "0FB7"), value("hexBinary", "0fb7")))).toBe(
      true,
    );
    expect(
      truth(
        apply("base64Binary-equal", value("base64Binary", "aGVsbG8="), value("base64Binary", "aGVs bG8=")),
      ),
    ).toBe(true);
    expect(
      truth(
        apply(
          "x500Name-equal",
          value("urn:oasis:names:tc:xacml:1.0:data-type:x500Name", "CN=Alice, O=Acme"),
          value("urn:oasis:names:tc:xacml:1.0:data-type:x500Name", "cn=alice,o=acme"),
        ),
      ),
    ).toBe(true);
    const rfc = (s: string) => value("urn:oasis:names:tc:xacml:1.0:data-type:rfc822Name", s);
    expect(truth(apply("rfc822Name-equal", rfc("Anne@EXAMPLE.com"), rfc("Anne@example.com")))).toBe(true);
    expect(truth(apply("rfc822Name-equal", rfc("anne@example.com"), rfc("Anne@example.com")))).toBe(false);
  });
});

describe("arithmetic functions", () => {
  it("compute integer and double results", () => {
    expect(evaluate(apply("integer-add", int(1), int(2), int(3)))).toBe("6");
    expect(evaluate(apply("integer-subtract", int(1), int(5)))).toBe("-4");
    expect(evaluate(apply("integer-multiply", int(4), int(5)))).toBe("20");
    expect(evaluate(apply("integer-divide", int(7), int(2)))).toBe("3");
    expect(evaluate(apply("integer-divide", int(-7), int(2)))).toBe("-3");
    expect(evaluate(apply("integer-mod", int(7), int(3)))).toBe("1");
    expect(evaluate(apply("integer-abs", int(-3)))).toBe("3");
    expect(evaluate(apply("double-add", dbl("1.5"), dbl("2.25")))).toBe("3.75");
    expect(evaluate(apply("double-divide", dbl("1"), dbl("4")))).toBe("0.25");
    expect(evaluate(apply("double-abs", dbl("-2.5")))).toBe("2.5");
    expect(evaluate(apply("floor", dbl("2.7")))).toBe("2.0");
    expect(evaluate(apply("round", dbl("2.5")))).toBe("3.0");
    expect(evaluate(apply("double-to-integer", dbl("9.9")))).toBe("9");
    expect(evaluate(apply("integer-to-double", int(2)))).toBe("2.0");
  });
  it("division by zero is a processing error", () => {
    expect(evaluate(apply("integer-divide", int(1), int(0)))).toBe("Indeterminate:processing-error");
    expect(evaluate(apply("integer-mod", int(1), int(0)))).toBe("Indeterminate:processing-error");
    expect(evaluate(apply("double-divide", dbl("1"), dbl("0")))).toBe("Indeterminate:processing-error");
  });
});

describe("comparison functions", () => {
  it("order numbers, strings and times", () => {
    expect(truth(apply("integer-greater-than", int(3), int(2)))).toBe(true);
    expect(truth(apply("integer-less-than-or-equal", int(3), int(3)))).toBe(true);
    expect(truth(apply("double-less-than", dbl("1.5"), dbl("1.25")))).toBe(false);
    expect(truth(apply("string-greater-than-or-equal", str("b"), str("a")))).toBe(true);
    expect(
      truth(
        apply(
          "dateTime-less-than",
          value("dateTime", "2024-01-01T00:00:00Z"),
          value("dateTime", "2024-01-01T00:00:01Z"),
        ),
      ),
    ).toBe(true);
    expect(truth(apply("date-greater-than", value("date", "2024-03-01"), value("date", "2024-02-29")))).toBe(
      true,
    );
    expect(truth(apply("time-greater-than", value("time", "09:00:00"), value("time", "08:59:59")))).toBe(
      true,
    );
  });
  it("time-in-range wraps past midnight", () => {
    const t = (s: string) => value("time", s);
    expect(truth(apply(`${F2}time-in-range`, t("23:30:00"), t("22:00:00"), t("06:00:00")))).toBe(true);
    expect(truth(apply(`${F2}time-in-range`, t("12:00:00"), t("22:00:00"), t("06:00:00")))).toBe(false);
    expect(truth(apply(`${F2}time-in-range`, t("12:00:00"), t("09:00:00"), t("17:00:00")))).toBe(true);
  });
});

describe("date and time arithmetic", () => {
  const dt = (s: string) => value("dateTime", s);
  it("adds and subtracts durations", () => {
    expect(
      evaluate(
        apply(
          `${F3}dateTime-add-dayTimeDuration`,
          dt("2024-02-28T23:00:00Z"),
          value("dayTimeDuration", "PT2H"),
        ),
      ),
    ).toBe("2024-02-29T01:00:00Z");
    expect(
      evaluate(
        apply(
          `${F3}dateTime-subtract-dayTimeDuration`,
          dt("2024-03-01T00:00:00+01:00"),
          value("dayTimeDuration", "P1D"),
        ),
      ),
    ).toBe("2024-02-29T00:00:00+01:00");
    expect(
      evaluate(
        apply(
          `${F3}dateTime-add-yearMonthDuration`,
          dt("2024-01-31T10:00:00Z"),
          value("yearMonthDuration", "P1M"),
        ),
      ),
    ).toBe("2024-02-29T10:00:00Z");
    expect(
      evaluate(
        apply(
          `${F3}dateTime-subtract-yearMonthDuration`,
          dt("2024-01-15T10:00:00"),
          value("yearMonthDuration", "P1Y2M"),
        ),
      ),
    ).toBe("2022-11-15T10:00:00");
    expect(
      evaluate(
        apply(
          `${F3}date-add-yearMonthDuration`,
          value("date", "2023-12-31"),
          value("yearMonthDuration", "P2M"),
        ),
      ),
    ).toBe("2024-02-29");
    expect(
      evaluate(
        apply(
          `${F3}date-subtract-yearMonthDuration`,
          value("date", "2024-02-29"),
          value("yearMonthDuration", "P1Y"),
        ),
      ),
    ).toBe("2023-02-28");
  });
  it("supplies current-dateTime from the clock when the request has none", () => {
    const pdp = createPdp(
      policy([
        rule("r", "Permit", {
          obligations: obligation("o", "Permit", [
            "now",
            designator(
              "urn:oasis:names:tc:xacml:3.0:attribute-category:environment",
              "urn:oasis:names:tc:xacml:1.0:environment:current-dateTime",
              "dateTime",
              true,
            ),
          ]),
        }),
      ]),
      { clock: () => new Date("2025-06-01T12:34:56Z") },
    );
    expect(pdp.decide({}).obligations[0]?.attributes[0]?.value).toBe("2025-06-01T12:34:56Z");
  });
});

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

describe("regular-expression functions", () => {
  it("match XML Schema regular expressions against the whole value", () => {
    expect(truth(apply("string-regexp-match", str("[a-z]+@example\\.com"), str("anne@example.com")))).toBe(
      true,
    );
    expect(truth(apply("string-regexp-match", str("example"), str("anne@example.com")))).toBe(false);
    expect(truth(apply("string-regexp-match", str("\\i\\c*"), str("_id-1")))).toBe(true);
    expect(truth(apply(`${F2}anyURI-regexp-match`, str("https://.*"), value("anyURI", "https://a")))).toBe(
      true,
    );
    expect(
      truth(
        apply(
          `${F2}ipAddress-regexp-match`,
          str("10\\..*"),
          value("urn:oasis:names:tc:xacml:2.0:data-type:ipAddress", "10.1.2.3"),
        ),
      ),
    ).toBe(true);
    expect(
      truth(
        apply(
          `${F2}dnsName-regexp-match`,
          str(".*\\.example\\.com"),
          value("urn:oasis:names:tc:xacml:2.0:data-type:dnsName", "api.example.com"),
        ),
      ),
    ).toBe(true);
    expect(
      truth(
        apply(
          `${F2}rfc822Name-regexp-match`,
          str(".*@example\\.com"),
          value("urn:oasis:names:tc:xacml:1.0:data-type:rfc822Name", "a@example.com"),
        ),
      ),
    ).toBe(true);
    expect(
      truth(
        apply(
          `${F2}x500Name-regexp-match`,
          str(".*O=Acme"),
          value("urn:oasis:names:tc:xacml:1.0:data-type:x500Name", "CN=A, O=Acme"),
        ),
      ),
    ).toBe(true);
    // ^ and $ are ordinary characters in XML Schema expressions.
    expect(truth(apply("string-regexp-match", str("a$"), str("a$")))).toBe(true);
  });
  it("matches catastrophic-backtracking patterns in linear time", () => {
    const input = { resource: { "urn:test:v": `${"a".repeat(5000)}!` } };
    const value = apply("string-one-and-only", designator(RESOURCE, "urn:test:v"));
    const started = Date.now();
    expect(truth(apply("string-regexp-match", str("(a+)+b"), value), input)).toBe(false);
    expect(truth(apply("string-regexp-match", str("(a|a)*b"), value), input)).toBe(false);
    expect(truth(apply("string-regexp-match", str("a*a*a*a*a*a*a*a*a*a*b"), value), input)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
  it("bounds input length", () => {
    const long = "a".repeat(MAX_REGEX_INPUT + 1);
    expect(
      truth(
        apply(
          "string-regexp-match",
          str("a*"),
          apply("string-one-and-only", designator(RESOURCE, "urn:test:v")),
        ),
        { resource: { "urn:test:v": long } },
      ),
    ).toBe("Indeterminate:processing-error");
  });
  it("refuses unsupported syntax at load time, and as a syntax error when the pattern comes from the request", () => {
    expect(() =>
      createPdp(
        policy([
          rule("r", "Permit", { condition: apply("string-regexp-match", str("[a-z-[aeiou]]"), str("b")) }),
        ]),
      ),
    ).toThrow(expect.objectContaining({ code: "REGEX_REJECTED" }));
    const r = truth(
      apply(
        "string-regexp-match",
        apply("string-one-and-only", designator(RESOURCE, "urn:test:p")),
        str("x"),
      ),
      { resource: { "urn:test:p": "(unclosed" } },
    );
    expect(r).toBe("Indeterminate:syntax-error");
  });
});

describe("special match functions", () => {
  const x500 = (s: string) => value("urn:oasis:names:tc:xacml:1.0:data-type:x500Name", s);
  const rfc = (s: string) => value("urn:oasis:names:tc:xacml:1.0:data-type:rfc822Name", s);
  it("x500Name-match matches a trailing sequence of RDNs", () => {
    expect(truth(apply("x500Name-match", x500("O=Acme, C=US"), x500("CN=Alice, OU=Dev, O=Acme, C=US")))).toBe(
      true,
    );
    expect(truth(apply("x500Name-match", x500("OU=Dev, C=US"), x500("CN=Alice, OU=Dev, O=Acme, C=US")))).toBe(
      false,
    );
  });
  it("rfc822Name-match takes an address, a host or a domain", () => {
    expect(truth(apply("rfc822Name-match", str("Anne@example.com"), rfc("Anne@EXAMPLE.COM")))).toBe(true);
    expect(truth(apply("rfc822Name-match", str("anne@example.com"), rfc("Anne@example.com")))).toBe(false);
    expect(truth(apply("rfc822Name-match", str("example.com"), rfc("bob@Example.com")))).toBe(true);
    expect(truth(apply("rfc822Name-match", str("example.com"), rfc("bob@mail.example.com")))).toBe(false);
    expect(truth(apply("rfc822Name-match", str(".example.com"), rfc("bob@mail.example.com")))).toBe(true);
  });
});
