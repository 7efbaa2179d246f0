import { describe, expect, it } from "vitest";
import { apply, bool, F2, F3, int, str, value } from "../fixtures";

import { dbl, evaluate, truth } from "./evaluate-expression";

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
