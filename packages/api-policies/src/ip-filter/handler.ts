import { AddressList } from "@portico/settings";
import { PolicyRejection, type RequestStep } from "../request-step";
import type { IpFilterConfig } from "./schema";

/** The lists become `BlockList`s once per snapshot; a call costs one or two lookups. */
export function compileIpFilter(config: IpFilterConfig): RequestStep {
  const allow = new AddressList(config.allow.join(","));
  const deny = new AddressList(config.deny.join(","));
  return (request) => {
    if (deny.has(request.clientIp) || (!allow.empty && !allow.has(request.clientIp)))
      throw new PolicyRejection(403, "ip_denied", "calls from this address are not accepted");
  };
}
