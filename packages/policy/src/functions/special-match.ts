import {
  booleanType,
  type Rfc822Name,
  rfc822NameType,
  stringType,
  type X500Name,
  x500NameType,
} from "../datatypes";
import { type FunctionDefinition, value } from "../expression";
import { F1 } from "../identifiers";

/** True when `name`'s trailing RDNs (the most significant ones in RFC 2253 order) are `suffix`. */
export function x500NameMatch(suffix: X500Name, name: X500Name): boolean {
  const offset = name.rdns.length - suffix.rdns.length;
  if (offset < 0) return false;
  for (let i = 0; i < suffix.rdns.length; i++) if (suffix.rdns[i] !== name.rdns[offset + i]) return false;
  return true;
}

/**
 * rfc822Name-match: the pattern is a full address (local part exact, domain case-insensitive),
 * a domain ("example.com": that host exactly) or a sub-domain (".example.com": any host below).
 */
export function rfc822NameMatch(pattern: string, name: Rfc822Name): boolean {
  const at = pattern.lastIndexOf("@");
  if (at >= 0)
    return pattern.slice(0, at) === name.local && pattern.slice(at + 1).toLowerCase() === name.domain;
  const domain = pattern.toLowerCase();
  if (domain.startsWith(".")) return name.domain.endsWith(domain);
  return name.domain === domain;
}

/** A.3.14 Special match functions. */
export const specialMatchFunctions: FunctionDefinition[] = [
  {
    id: `${F1}x500Name-match`,
    params: [value(x500NameType), value(x500NameType)],
    returns: value(booleanType),
    call: x500NameMatch,
  },
  {
    id: `${F1}rfc822Name-match`,
    params: [value(stringType), value(rfc822NameType)],
    returns: value(booleanType),
    call: rfc822NameMatch,
  },
];
