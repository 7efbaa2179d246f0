import { describe, expect, it } from "vitest";
import { createPdp, MAX_REGEX_INPUT } from "../../src";
import { apply, designator, F2, policy, RESOURCE, rule, str, value } from "../fixtures";

import { truth } from "./evaluate-expression";

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
