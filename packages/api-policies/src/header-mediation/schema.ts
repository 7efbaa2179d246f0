import { z } from "zod";

/** RFC 9110 token characters: what a header name may hold. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const QUERY_NAME = /^[A-Za-z0-9._~:@!$'()*+,;-]{1,100}$/;
/** Printable text and tabs: no CR, LF or NUL, so a rule can never split a header. */
const FIELD_VALUE = /^[\t\x20-\x7e\u0080-\uffff]*$/;
/** `{claims.<name>}` or `{client.ip}` inside a value. */
export const TEMPLATE_PART = /\{(claims\.[A-Za-z_][A-Za-z0-9_.:-]{0,63}|client\.ip)\}/g;

/**
 * Headers that belong to the gateway or to the connection: a rule may not touch them, since
 * changing them would break framing (`content-length`), routing (`host`) or the backend's view of
 * who called (`x-forwarded-*`, the backend JWT, which the gateway sets after every step).
 */
export const PROTECTED_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "proxy-authorization",
  "proxy-connection",
  "expect",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-jwt-assertion",
]);

const headerName = z
  .string()
  .regex(HEADER_NAME, "a header name: letters, digits and !#$%&'*+.^_`|~-")
  .transform((n) => n.toLowerCase())
  .refine((n) => !PROTECTED_HEADERS.has(n), "this header belongs to the gateway");
const queryName = z
  .string()
  .regex(QUERY_NAME, "a query parameter name (letters, digits and ._~:@!$'()*+,;-)");
const value = z.string().max(1000).regex(FIELD_VALUE, "no line breaks or control characters");

const ruleOf = <Name extends z.ZodType>(name: Name) =>
  z.discriminatedUnion("action", [
    z.object({ action: z.literal("set"), name, value }).strict(),
    z.object({ action: z.literal("remove"), name }).strict(),
    z.object({ action: z.literal("rename"), name, to: name }).strict(),
  ]);

export const headerMediationSchema = z
  .object({
    /** applied to the request's headers, in order */
    headers: z.array(ruleOf(headerName)).max(30).default([]),
    /** applied to the request's query parameters, in order */
    query: z.array(ruleOf(queryName)).max(30).default([]),
  })
  .strict();
export type HeaderMediationConfig = z.output<typeof headerMediationSchema>;
