import { BlockList, isIP, isIPv4 } from "node:net";

/**
 * A list of IP addresses and CIDR blocks (`10.0.0.0/8, ::1`) from a setting the settings schema
 * validated (PORTICO_TRUSTED_PROXIES, PORTICO_GATEWAY_METRICS_ALLOW, PORTICO_BACKEND_ALLOW).
 * IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) match the IPv4 entries.
 */
export class AddressList {
  private readonly list = new BlockList();
  /** no entries: nothing is on the list */
  readonly empty: boolean;

  constructor(spec: string | undefined) {
    let entries = 0;
    for (const raw of (spec ?? "").split(",")) {
      const entry = raw.trim();
      if (!entry) continue;
      const [address = "", prefix] = entry.split("/");
      const type = isIPv4(address) ? "ipv4" : "ipv6";
      if (prefix === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(prefix), type);
      entries++;
    }
    this.empty = entries === 0;
  }

  /** Whether an address is on the list; anything that is not an IP address is not. */
  has(address: string | undefined): boolean {
    if (this.empty || address === undefined) return false;
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 4 ? "ipv4" : "ipv6");
  }
}

/** `::ffff:10.0.0.1` as `10.0.0.1`: the form people read and write policies for. */
function plain(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** An X-Forwarded-For entry as an address: ports and IPv6 brackets dropped; undefined when it is none. */
function forwardedAddress(entry: string): string | undefined {
  let value = entry.trim();
  if (value.startsWith("["))
    value = value.slice(1, value.indexOf("]") === -1 ? undefined : value.indexOf("]"));
  else if (value.indexOf(":") !== -1 && value.indexOf(":") === value.lastIndexOf(":"))
    value = value.slice(0, value.indexOf(":")); // a.b.c.d:port
  return isIP(value) === 0 ? undefined : value;
}

/**
 * The client's address: the peer's, unless the peer is a trusted proxy (PORTICO_TRUSTED_PROXIES),
 * in which case X-Forwarded-For is read from the right, passing over trusted proxies, and the first
 * address that is not one is the client. Entries left of it were written by the client and are
 * never believed. When every hop is a trusted proxy, the leftmost is taken; an entry that is not
 * an address stops the walk at the hop that wrote it.
 *
 * `peer` undefined means the peer is not known (Next.js route handlers see no socket): the last
 * X-Forwarded-For entry is taken as the peer, as `next start` writes the socket's address there
 * when the caller sent none.
 *
 * @example
 * const trusted = new AddressList("10.0.0.0/8");
 * clientAddress("10.0.0.5", "198.51.100.1, 203.0.113.9, 10.0.0.7", trusted); // "203.0.113.9"
 * clientAddress("203.0.113.9", "1.2.3.4", trusted); // "203.0.113.9": not from a trusted proxy
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | null | undefined,
  trusted: AddressList,
): string {
  if (peer !== undefined && (trusted.empty || !trusted.has(peer))) return plain(peer);
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const hops = header === "" ? [] : header.split(",");
  let current = peer;
  if (current === undefined) {
    const last = forwardedAddress(hops.pop() ?? "");
    if (last === undefined) return "unknown";
    current = last;
  }
  while (trusted.has(current) && hops.length > 0) {
    const next = forwardedAddress(hops.pop() as string);
    if (next === undefined) break;
    current = next;
  }
  return plain(current);
}
