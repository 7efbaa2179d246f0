import { type DataType, InvalidValue, same } from "./data-type";

/** An RFC 822 name: the local part is case-sensitive, the domain is not. */
export interface Rfc822Name {
  readonly local: string;
  readonly domain: string;
}

export const rfc822NameType: DataType<Rfc822Name> = {
  id: "urn:oasis:names:tc:xacml:1.0:data-type:rfc822Name",
  parse(t) {
    const s = t.trim();
    const at = s.lastIndexOf("@");
    if (at <= 0 || at === s.length - 1) throw new InvalidValue(`not an rfc822Name: ${JSON.stringify(t)}`);
    return Object.freeze({ local: s.slice(0, at), domain: s.slice(at + 1).toLowerCase() });
  },
  equal: (a, b) => a.local === b.local && a.domain === b.domain,
  format: (v) => `${v.local}@${v.domain}`,
  accepts: (v): v is Rfc822Name => typeof v === "object" && v !== null && "local" in v && "domain" in v,
};

/** An X.500 distinguished name as RDN strings, most significant last (as written in RFC 2253). */
export interface X500Name {
  readonly text: string;
  /** Normalised RDNs: attribute types and values lower-cased, spaces around separators removed. */
  readonly rdns: readonly string[];
}

function splitUnescaped(text: string, separators: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\\" && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && separators.includes(c)) {
      parts.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}

function normaliseRdn(rdn: string): string {
  return splitUnescaped(rdn, "+")
    .map((ava) => {
      const eq = ava.indexOf("=");
      if (eq <= 0) throw new InvalidValue(`not an X.500 attribute value assertion: ${JSON.stringify(ava)}`);
      const type = ava.slice(0, eq).trim().toLowerCase();
      const value = ava
        .slice(eq + 1)
        .trim()
        .replace(/\s+/g, " ")
        .toLowerCase();
      return `${type}=${value}`;
    })
    .sort()
    .join("+");
}

export const x500NameType: DataType<X500Name> = {
  id: "urn:oasis:names:tc:xacml:1.0:data-type:x500Name",
  parse(t) {
    const text = t.trim();
    const rdns = text === "" ? [] : splitUnescaped(text, ",;").map(normaliseRdn);
    return Object.freeze({ text, rdns: Object.freeze(rdns) });
  },
  equal: (a, b) => a.rdns.length === b.rdns.length && a.rdns.every((r, i) => r === b.rdns[i]),
  format: (v) => v.text,
  accepts: (v): v is X500Name => typeof v === "object" && v !== null && "rdns" in v,
};

/** ipAddress: "address[/mask][:portrange]", IPv6 addresses in square brackets. Compared as text. */
export const ipAddressType: DataType<string> = {
  id: "urn:oasis:names:tc:xacml:2.0:data-type:ipAddress",
  parse(t) {
    const s = t.trim();
    const v4 = /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,3}(\.\d{1,3}){3})?(:(-?\d+|\d+-\d*))?$/;
    const v6 = /^\[[0-9A-Fa-f:.]+\](\/\[[0-9A-Fa-f:.]+\])?(:(-?\d+|\d+-\d*))?$/;
    if (!v4.test(s) && !v6.test(s)) throw new InvalidValue(`not an ipAddress: ${JSON.stringify(t)}`);
    return s;
  },
  equal: same,
  format: (v) => v,
  accepts: (v): v is string => typeof v === "string",
};

/** dnsName: "hostname[:portrange]", a leading "*." wildcard allowed. Compared as text. */
export const dnsNameType: DataType<string> = {
  id: "urn:oasis:names:tc:xacml:2.0:data-type:dnsName",
  parse(t) {
    const s = t.trim();
    if (
      !/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:(-?\d+|\d+-\d*))?$/.test(
        s,
      )
    ) {
      throw new InvalidValue(`not a dnsName: ${JSON.stringify(t)}`);
    }
    return s;
  },
  equal: same,
  format: (v) => v,
  accepts: (v): v is string => typeof v === "string",
};

/** xpathExpression: a path plus the category whose content it reads (XPathCategory). */
export interface XPathExpressionValue {
  readonly path: string;
  readonly category: string;
  /** The path compiled against the namespaces where it was written (policy literals only). */
  readonly compiled?: unknown;
}

export const xpathExpressionType: DataType<XPathExpressionValue> = {
  id: "urn:oasis:names:tc:xacml:3.0:data-type:xpathExpression",
  parse: (t) => Object.freeze({ path: t, category: "" }),
  equal: (a, b) => a.path === b.path && a.category === b.category,
  format: (v) => v.path,
  accepts: (v): v is XPathExpressionValue => typeof v === "object" && v !== null && "path" in v,
};
