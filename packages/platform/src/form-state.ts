import { AppError } from "./errors";

/** What a portal form action returns: nothing on success, or the message and one error per field. */
export interface FormState {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
  /** a value to show once (a new secret, a token) */
  result?: Record<string, unknown>;
}

/** Runs an operation for a form, turning AppErrors into messages next to the fields. */
export async function formAction(run: () => Promise<unknown>, success?: string): Promise<FormState> {
  try {
    const value = await run();
    return {
      ok: true,
      message: success,
      ...(value && typeof value === "object" && !Array.isArray(value)
        ? { result: value as Record<string, unknown> }
        : {}),
    };
  } catch (error) {
    if (error instanceof AppError) {
      const fields = Object.fromEntries((error.details?.fields ?? []).map((f) => [f.field, f.message]));
      return { ok: false, message: error.message, fields };
    }
    throw error;
  }
}
