import { describe, expect, it } from "vitest";
import { createPdp } from "../../src";
import { apply, designator, F3, obligation, policy, rule, value } from "../fixtures";

import { evaluate } from "./evaluate-expression";

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
