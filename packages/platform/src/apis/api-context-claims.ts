import type { Db, Prisma } from "@portico/db";
import { AppError } from "../errors";

// A context belongs to the API that first claimed it and to its versions. The gateway routes a
// call to the API with the longest matching context, so an API of another owner at the same
// context, below it (`/pizzashack/orders` under `/pizzashack`) or above it would receive
// calls, bearer tokens included, meant for the first API. Contexts are compared without regard
// to case, so a claim does not depend on how a gateway treats case.

/** Whether two contexts overlap: equal, or one extends the other by whole path segments. */
export function contextsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}

/**
 * 409 unless every API whose context overlaps `context` has the same owner (`ownerId`; null is
 * the owner of APIs whose owner's account is gone, so only their own versions match). Run it in
 * the transaction that writes the API, at serializable isolation (see `claimContext`), so two
 * publishers cannot claim overlapping contexts at the same moment.
 */
export async function checkContextClaim(
  tx: Prisma.TransactionClient,
  claim: { context: string; ownerId: string | null; apiId?: string },
): Promise<void> {
  // every API is read: the overlap test is in both directions and case-insensitive, and reading
  // the whole table makes any concurrent insert a serialization conflict on PostgreSQL
  const apis = await tx.api.findMany({ select: { id: true, context: true, ownerId: true } });
  const taken = apis.find(
    (a) => a.id !== claim.apiId && a.ownerId !== claim.ownerId && contextsOverlap(a.context, claim.context),
  );
  if (taken) {
    const message =
      taken.context.toLowerCase() === claim.context.toLowerCase()
        ? `the context ${claim.context} belongs to another owner's API`
        : `the context ${claim.context} overlaps ${taken.context}, which belongs to another owner's API`;
    // the form shows the field's message under the field: the same words, so the overlap is named
    throw new AppError("CONFLICT", message, { fields: [{ field: "context", message }] });
  }
}

/**
 * A transaction that lost a serialization conflict (write conflict or deadlock): Prisma's P2034,
 * or the driver adapter's error of that kind when the conflict surfaces at commit.
 */
function isSerializationConflict(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const error = e as { code?: unknown; cause?: { kind?: unknown } };
  return error.code === "P2034" || error.cause?.kind === "TransactionWriteConflict";
}

/**
 * Runs `write` (which calls `checkContextClaim`) in a serializable transaction, retrying a few
 * times when a concurrent writer won: the retry then sees the other claim and answers 409 if
 * the two overlap.
 */
export async function claimContext<T>(
  db: Db,
  write: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(write, { isolationLevel: "Serializable" });
    } catch (e) {
      // the same context and version created at the same moment
      if (typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002")
        throw new AppError("CONFLICT", "an API with this context and version already exists", undefined, {
          cause: e,
        });
      if (!isSerializationConflict(e) || attempt >= 5) {
        if (isSerializationConflict(e))
          throw new AppError("CONFLICT", "another API was saved at the same moment; try again", undefined, {
            cause: e,
          });
        throw e;
      }
    }
  }
}
