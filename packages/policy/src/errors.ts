/**
 * Every failure this package reports to a caller is a `PolicyError` with a stable `code`:
 * callers (the admin API, the CLI, the gateway) switch on the code, never on the message.
 */
export type PolicyErrorCode =
  | "XML_MALFORMED"
  | "XML_DOCTYPE_FORBIDDEN"
  | "XML_TOO_LARGE"
  | "XML_TOO_DEEP"
  | "POLICY_INVALID"
  | "POLICY_UNSUPPORTED_VERSION"
  | "POLICY_DUPLICATE_ID"
  | "POLICY_REFERENCE_UNRESOLVED"
  | "POLICY_REFERENCE_CIRCULAR"
  | "UNKNOWN_FUNCTION"
  | "UNKNOWN_DATATYPE"
  | "UNKNOWN_COMBINING_ALGORITHM"
  | "TYPE_MISMATCH"
  | "INVALID_ATTRIBUTE_VALUE"
  | "UNDEFINED_VARIABLE"
  | "XPATH_UNSUPPORTED"
  | "REGEX_REJECTED"
  | "REQUEST_INVALID";

/** Where in a document an error was found, so an editor can point at the element. */
export interface SourceLocation {
  element?: string;
  line?: number;
  column?: number;
}

export class PolicyError extends Error {
  override readonly name = "PolicyError";
  readonly code: PolicyErrorCode;
  readonly location: SourceLocation | undefined;

  constructor(
    code: PolicyErrorCode,
    message: string,
    location?: SourceLocation,
    options?: { cause?: unknown },
  ) {
    super(location ? `${message}${describeLocation(location)}` : message, options);
    this.code = code;
    this.location = location;
  }
}

function describeLocation(location: SourceLocation): string {
  const parts: string[] = [];
  if (location.element) parts.push(`<${location.element}>`);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  return parts.length > 0 ? ` (at ${parts.join(", ")})` : "";
}
