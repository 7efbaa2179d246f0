import { type AttributeInput, createPdp } from "../../src";
import { apply, int, obligation, policy, rule, str, value } from "../fixtures";

/** Evaluates a boolean expression as a rule condition: true, false, or the Indeterminate status. */
export function truth(expr: string, input: AttributeInput = {}): boolean | string {
  const r = createPdp(policy([rule("r", "Permit", { condition: expr })])).decide(input);
  if (r.decision === "Indeterminate") return `Indeterminate:${r.status.code.split(":").pop()}`;
  return r.decision === "Permit";
}

/** Evaluates any expression through an obligation, returning its printed value(s). */
export function evaluate(expr: string, input: AttributeInput = {}): string | string[] {
  const r = createPdp(
    policy([rule("r", "Permit", { obligations: obligation("o", "Permit", ["v", expr]) })]),
  ).decide(input);
  if (r.decision === "Indeterminate") return `Indeterminate:${r.status.code.split(":").pop()}`;
  const values = r.obligations[0]?.attributes.map((a) => a.value) ?? [];
  return values.length === 1 ? (values[0] as string) : values;
}

export const dbl = (n: string) => value("double", n);
export const strBag = (...xs: string[]) => apply("string-bag", ...xs.map(str));
export const intBag = (...xs: number[]) => apply("integer-bag", ...xs.map(int));
