import { PolicyError } from "../errors";
import { Indeterminate, type SourceSite, type Status } from "../expression";

/** A policy that cannot be compiled: the error names the element and its line. */
export function loadError(
  code: ConstructorParameters<typeof PolicyError>[0],
  message: string,
  site: SourceSite,
): PolicyError {
  return new PolicyError(code, message, site);
}

/** The status an evaluation error carries; anything but an Indeterminate is a bug and is rethrown. */
export function statusOf(error: unknown): Status {
  if (error instanceof Indeterminate) return error.status;
  throw error;
}
