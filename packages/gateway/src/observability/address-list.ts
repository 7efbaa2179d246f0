import { BlockList, isIPv4 } from "node:net";

/**
 * An allow-list of IP addresses and CIDR blocks (`10.0.0.0/8, ::1`), as the settings package
 * validated it, for node:net's BlockList to match.
 */
export function addressList(spec: string): BlockList {
  const list = new BlockList();
  for (const raw of spec.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address = "", prefix] = entry.split("/");
    const type = isIPv4(address) ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** Whether a peer address is on the list (BlockList matches ::ffff:a.b.c.d against IPv4 rules itself). */
export function onList(list: BlockList, remote: string | undefined): boolean {
  return remote !== undefined && list.check(remote, isIPv4(remote) ? "ipv4" : "ipv6");
}
