import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createPdp, PolicyError } from "../src";
import { findDataType } from "../src/datatypes";
import { parseXml, textContent, type XmlElement } from "../src/xml";

/**
 * Runs every OASIS conformance case under test/conformance/<case>/ and compares our Response with
 * the expected one: decision, top-level status code, obligations, advice and IncludeInResult
 * attributes (values compared by their data type's equality, not by spelling).
 */
const ROOT = fileURLToPath(new URL("./conformance", import.meta.url));

/** Cases expected to fail, each with the reason. The test checks they really still fail. */
const KNOWN_FAILURES: Record<string, string> = {};

interface Summary {
  decision: string;
  status: string | undefined;
  obligations: string[];
  advice: string[];
  attributes: string[];
}

const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);

function canonicalValue(dataType: string, text: string): string {
  const type = findDataType(dataType);
  if (!type) return text.trim();
  try {
    return (type.format as (v: unknown) => string)(type.parse(text.trim()));
  } catch {
    return text.trim();
  }
}

function directives(container: XmlElement | undefined, element: string, idAttr: string): string[] {
  if (!container) return [];
  return container.children
    .filter((c) => c.name === element)
    .map((d) => {
      const assignments = d.children
        .map(
          (a) =>
            `${a.attributes.get("AttributeId")?.value}=${canonicalValue(a.attributes.get("DataType")?.value ?? "", textContent(a))}`,
        )
        .sort();
      return `${d.attributes.get(idAttr)?.value}(${assignments.join(",")})`;
    })
    .sort();
}

function summarise(responseXml: string): Summary {
  const result = child(parseXml(responseXml), "Result");
  if (!result) throw new Error("response without <Result>");
  const status = child(result, "Status");
  const attributes = result.children
    .filter((c) => c.name === "Attributes")
    .flatMap((c) =>
      c.children.flatMap((a) =>
        a.children.map(
          (v) =>
            `${c.attributes.get("Category")?.value}|${a.attributes.get("AttributeId")?.value}|${canonicalValue(v.attributes.get("DataType")?.value ?? "", textContent(v))}`,
        ),
      ),
    )
    .sort();
  return {
    decision: textContent(child(result, "Decision") as XmlElement).trim(),
    status: status ? child(status, "StatusCode")?.attributes.get("Value")?.value : undefined,
    obligations: directives(child(result, "Obligations"), "Obligation", "ObligationId"),
    advice: directives(child(result, "AssociatedAdvice"), "Advice", "AdviceId"),
    attributes,
  };
}

interface Outcome {
  passed: boolean;
  detail: string;
}

function runCase(name: string): Outcome {
  const dir = join(ROOT, name);
  const files = readdirSync(dir);
  const extra = files.filter((f) => /^Policy.+\.xml$/.test(f)).sort();
  const policies = ["Policy.xml", ...extra].map((f) => ({
    text: readFileSync(join(dir, f), "utf8"),
    name: f,
  }));
  const expected = summarise(readFileSync(join(dir, "Response.xml"), "utf8"));
  let pdp: ReturnType<typeof createPdp>;
  try {
    pdp = createPdp(policies);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    // A policy we refuse to load stands for an Indeterminate (syntax-error) decision.
    const passed = expected.decision === "Indeterminate";
    return { passed, detail: `policy not loaded: [${error.code}] ${error.message}` };
  }
  const actual = summarise(pdp.evaluate(readFileSync(join(dir, "Request.xml"), "utf8")));
  const mismatches: string[] = [];
  if (actual.decision !== expected.decision)
    mismatches.push(`decision ${actual.decision} != ${expected.decision}`);
  if (expected.status && actual.status !== expected.status)
    mismatches.push(`status ${actual.status} != ${expected.status}`);
  if (JSON.stringify(actual.obligations) !== JSON.stringify(expected.obligations))
    mismatches.push(
      `obligations ${JSON.stringify(actual.obligations)} != ${JSON.stringify(expected.obligations)}`,
    );
  if (JSON.stringify(actual.advice) !== JSON.stringify(expected.advice))
    mismatches.push(`advice ${JSON.stringify(actual.advice)} != ${JSON.stringify(expected.advice)}`);
  if (JSON.stringify(actual.attributes) !== JSON.stringify(expected.attributes))
    mismatches.push("IncludeInResult attributes differ");
  return { passed: mismatches.length === 0, detail: mismatches.join("; ") };
}

const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe("OASIS XACML 3.0 conformance", () => {
  it("has cases to run", () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  const results = new Map<string, Outcome>();
  for (const name of cases) {
    const known = KNOWN_FAILURES[name];
    it(known ? `${name} (known failure: ${known})` : name, () => {
      const outcome = runCase(name);
      results.set(name, outcome);
      if (known) expect(outcome.passed, `${name} now passes: remove it from KNOWN_FAILURES`).toBe(false);
      else expect(outcome.passed, outcome.detail).toBe(true);
    });
  }
  it("summary", () => {
    const passed = [...results.values()].filter((r) => r.passed).length;
    console.log(`conformance: ${passed} passed, ${results.size - passed} failed, of ${cases.length} cases`);
    expect(results.size).toBe(cases.length);
  });
});
