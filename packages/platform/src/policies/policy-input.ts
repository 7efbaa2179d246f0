import { z } from "zod";
import type { OperationContext } from "../context";
import { AppError } from "../errors";

/** Policies are text documents; 1 MB is far beyond any hand-written policy set. */
export const MAX_POLICY_CHARS = 1_000_000;

export const policyContent = z
  .string()
  .min(1, "paste or upload the policy's XML")
  .max(MAX_POLICY_CHARS, `at most ${MAX_POLICY_CHARS} characters`);

export const policyName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._:-]{0,99}$/, "1-100 letters, digits, spaces, '.', '_', ':' or '-'");

/** 409 naming `name` when another policy has it. */
export async function refuseTakenPolicyName(ctx: OperationContext, name: string, exceptId?: string) {
  const taken = await ctx.db.xacmlPolicy.findUnique({ where: { name } });
  if (taken && taken.id !== exceptId) {
    throw new AppError("CONFLICT", `a policy named ${name} exists`, {
      fields: [{ field: "name", message: "taken" }],
    });
  }
}
