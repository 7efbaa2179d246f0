import { BlockList, isIP } from "node:net";
import { networkInterfaces } from "node:os";

/** Why a backend address is refused; `code` is stable, `reason` is for people. */
export interface EgressRefusal {
  code: "loopback" | "link_local" | "metadata" | "own_listener";
  reason: string;
}

/** Cloud instance-metadata services: credentials one request away (AWS, GCP, Azure, Alibaba). */
const METADATA_ADDRESSES = new Set(["169.254.169.254", "fd00:ec2::254", "100.100.100.200"]);
const METADATA_NAMES = new Set(["metadata.google.internal", "metadata.goog", "metadata"]);

function block(entries: Array<[string, number]>): BlockList {
  const list = new BlockList();
  for (const [address, prefix] of entries)
    list.addSubnet(address, prefix, isIP(address) === 4 ? "ipv4" : "ipv6");
  return list;
}

// 0.0.0.0/8 and :: reach the local host on Linux, as loopback does.
const LOOPBACK = block([
  ["127.0.0.0", 8],
  ["0.0.0.0", 8],
  ["::1", 128],
  ["::", 128],
]);
const LINK_LOCAL = block([
  ["169.254.0.0", 16],
  ["fe80::", 10],
]);

interface AllowEntry {
  list: BlockList;
  /** only this port; any when undefined */
  port?: number;
  /** one address, not a block: only such an entry allows a metadata address */
  single?: string;
}

/** `::ffff:127.0.0.1` as `127.0.0.1`, `[::1]` as `::1`, lower case. */
export function plainAddress(address: string): string {
  let value = address.toLowerCase();
  if (value.startsWith("[") && value.endsWith("]")) value = value.slice(1, -1);
  if (value.startsWith("::ffff:") && isIP(value.slice(7)) === 4) value = value.slice(7);
  return value;
}

/**
 * Parses one PORTICO_BACKEND_ALLOW entry: an address or CIDR block, optionally with a port
 * (`10.0.0.0/8`, `127.0.0.1:8181`, `[::1]:8181`, `fd00::/8`). Undefined when malformed.
 */
function parseAllowEntry(raw: string): AllowEntry | undefined {
  let entry = raw.trim();
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](\/\d{1,3})?(?::(\d{1,5}))?$/.exec(entry);
  if (bracketed) {
    entry = `${bracketed[1]}${bracketed[2] ?? ""}`;
    if (bracketed[3] !== undefined) port = Number(bracketed[3]);
  } else {
    const v4port = /^([0-9.]+(?:\/\d{1,2})?):(\d{1,5})$/.exec(entry);
    if (v4port) {
      entry = v4port[1] as string;
      port = Number(v4port[2]);
    }
  }
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const [address = "", prefix, extra] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return undefined;
  if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128)))
    return undefined;
  const list = new BlockList();
  const type = family === 4 ? "ipv4" : "ipv6";
  const full = family === 4 ? 32 : 128;
  if (prefix === undefined) list.addAddress(address, type);
  else list.addSubnet(address, Number(prefix), type);
  const single = prefix === undefined || Number(prefix) === full ? plainAddress(address) : undefined;
  return { list, ...(port !== undefined ? { port } : {}), ...(single ? { single } : {}) };
}

/** Whether a PORTICO_BACKEND_ALLOW value is well formed (the settings schema's check). */
export function isBackendAllowList(value: string): boolean {
  return value.split(",").every((entry) => parseAllowEntry(entry) !== undefined);
}

/**
 * Where the gateway may send calls. Refused by default: loopback (and 0.0.0.0, ::, and this
 * host's own interface addresses, which reach its local services as well), link-local,
 * cloud metadata addresses and names, and the gateway's own listeners (a call to itself loops).
 * PORTICO_BACKEND_ALLOW lets admins allow addresses and blocks, optionally on one port
 * (`127.0.0.1:8181` is the demo's sample backend); a metadata address is allowed only by an
 * entry naming that address alone, never by a block around it; the gateway's own listeners
 * never.
 */
export class BackendEgressPolicy {
  private readonly allow: AllowEntry[];
  private readonly localAddresses: Set<string>;

  /**
   * @param allowSpec PORTICO_BACKEND_ALLOW
   * @param ownPorts the gateway's listening ports (HTTPS, HTTP); may be set later, once bound
   */
  constructor(
    allowSpec: string | undefined,
    public ownPorts: number[] = [],
  ) {
    this.allow = (allowSpec ?? "")
      .split(",")
      .filter((e) => e.trim() !== "")
      .map((e) => parseAllowEntry(e))
      .filter((e): e is AllowEntry => e !== undefined);
    this.localAddresses = new Set(
      Object.values(networkInterfaces())
        .flat()
        .map((i) => (i ? plainAddress(i.address) : ""))
        .filter(Boolean),
    );
  }

  /** Why connecting to this IP address and port is refused, or undefined when it is allowed. */
  refusal(address: string, port: number): EgressRefusal | undefined {
    const ip = plainAddress(address);
    const family = isIP(ip);
    if (family === 0) return undefined;
    const type = family === 4 ? "ipv4" : "ipv6";
    // This host's own interface addresses reach its local services as loopback does.
    const local = !LOOPBACK.check(ip, type) && this.localAddresses.has(ip);
    const loopback = local || LOOPBACK.check(ip, type);
    if (this.ownPorts.includes(port) && loopback)
      return { code: "own_listener", reason: `${ip}:${port} is the gateway itself` };
    const allowed = (e: AllowEntry) => (e.port === undefined || e.port === port) && e.list.check(ip, type);
    if (METADATA_ADDRESSES.has(ip)) {
      if (this.allow.some((e) => e.single === ip && allowed(e))) return undefined;
      return { code: "metadata", reason: `${ip} is a cloud metadata service` };
    }
    if (!loopback && !LINK_LOCAL.check(ip, type)) return undefined;
    if (this.allow.some(allowed)) return undefined;
    return loopback
      ? { code: "loopback", reason: `${ip} is ${local ? "this host's own address" : "a loopback address"}` }
      : { code: "link_local", reason: `${ip} is a link-local address` };
  }

  /**
   * What can be said of a host name without resolving it: `localhost` and `*.localhost` are
   * loopback (RFC 6761), metadata service names are refused; an IP literal is checked as such.
   * `"resolve"`: the name says nothing; resolve it and check each address.
   */
  refusalOfName(hostname: string, port: number): EgressRefusal | undefined | "resolve" {
    const host = plainAddress(hostname.replace(/\.$/, ""));
    if (isIP(host) !== 0) return this.refusal(host, port);
    if (METADATA_NAMES.has(host)) return { code: "metadata", reason: `${host} is a cloud metadata service` };
    if (host === "localhost" || host.endsWith(".localhost")) return this.refusal("127.0.0.1", port);
    return "resolve";
  }
}
