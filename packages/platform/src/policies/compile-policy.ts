import { createPdp, type Pdp, type PdpOptions, PolicyError } from "@portico/policy";
import { AppError } from "../errors";

/**
 * Compiles a policy document the way the gateway does (one document, no other policy to
 * reference), so what is accepted here is what the gateway can enforce. A document that does not
 * load becomes VALIDATION_FAILED on `field`, with the engine's message (element and line) and its
 * code and location in `details.policyError`.
 */
export function compilePolicy(content: string, field = "content", options: PdpOptions = {}): Pdp {
  try {
    return createPdp(content, options);
  } catch (error) {
    if (error instanceof PolicyError) {
      throw new AppError(
        "VALIDATION_FAILED",
        `the policy does not load: ${error.message}`,
        {
          fields: [{ field, message: error.message }],
          policyError: { code: error.code, ...error.location },
        },
        { cause: error },
      );
    }
    // Not one of the engine's own errors: still the document's fault, but say nothing internal.
    throw new AppError(
      "VALIDATION_FAILED",
      "the policy does not load",
      { fields: [{ field, message: "the policy could not be compiled" }] },
      { cause: error },
    );
  }
}
