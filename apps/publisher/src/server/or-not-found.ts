import "server-only";
import { AppError } from "@portico/platform";
import { notFound } from "next/navigation";

/**
 * An operation's result, or the 404 page. Ids the viewer may not see answer NOT_FOUND (never
 * FORBIDDEN), so a page shows them exactly like ids that do not exist.
 */
export async function orNotFound<T>(result: Promise<T>): Promise<T> {
  try {
    return await result;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
