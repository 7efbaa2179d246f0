import "server-only";
import { AppError, type OperationContext, type Principal } from "@portico/platform";
import { db, settings } from "./db";

export function operationContext(actor: Principal): OperationContext {
  return {
    db,
    actor,
    redisUrl: settings.REDIS_URL,
    gatewayUrl: settings.gatewayUrl,
    issuer: settings.PORTICO_ISSUER,
  };
}

/** What a form action returns: nothing on success, or the message and one error per field. */
export interface FormState {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
}

/** Runs an operation for a form, turning AppErrors into messages next to the fields. */
export async function formAction(run: () => Promise<unknown>, success?: string): Promise<FormState> {
  try {
    await run();
    return { ok: true, message: success };
  } catch (error) {
    if (error instanceof AppError) {
      const fields = Object.fromEntries((error.details?.fields ?? []).map((f) => [f.field, f.message]));
      return { ok: false, message: error.message, fields };
    }
    throw error;
  }
}
