import { lookup } from "node:dns";
import { isIP } from "node:net";
import type { BackendEgressPolicy, EgressRefusal } from "@portico/settings";
import { buildConnector } from "undici";

/** A connection the egress policy refused: nothing was sent. */
export class EgressRefused extends Error {
  readonly code = "EGRESS_REFUSED";
  constructor(readonly refusal: EgressRefusal) {
    super(`backend address refused: ${refusal.reason}`);
    this.name = "EgressRefused";
  }
}

function defaultPort(protocol: string): number {
  return protocol === "https:" ? 443 : 80;
}

/**
 * undici's connector with the egress policy in front: an IP address is checked as it is; a
 * name is resolved here, every address it resolves to is checked, and the connection goes to
 * the first one (TLS still verifies the name), so a name re-pointed at a refused address
 * (DNS rebinding) is caught on the next connection. Runs per new connection, never per call on
 * a pooled one.
 */
export class EgressConnector {
  private readonly connectTo: buildConnector.connector;

  constructor(
    private readonly policy: BackendEgressPolicy,
    options: buildConnector.BuildOptions,
  ) {
    this.connectTo = buildConnector(options);
    this.connect = this.connect.bind(this);
  }

  connect(options: buildConnector.Options, callback: buildConnector.Callback): void {
    const host = options.hostname.startsWith("[") ? options.hostname.slice(1, -1) : options.hostname;
    const port = options.port ? Number(options.port) : defaultPort(options.protocol);
    if (isIP(host) !== 0) {
      const refusal = this.policy.refusal(host, port);
      if (refusal) callback(new EgressRefused(refusal), null);
      else this.connectTo(options, callback);
      return;
    }
    const byName = this.policy.refusalOfName(host, port);
    if (byName !== "resolve" && byName !== undefined) {
      callback(new EgressRefused(byName), null);
      return;
    }
    lookup(host, { all: true }, (error, addresses) => {
      if (error) {
        callback(error, null);
        return;
      }
      for (const { address } of addresses) {
        const refusal = this.policy.refusal(address, port);
        if (refusal) {
          callback(new EgressRefused(refusal), null);
          return;
        }
      }
      const first = addresses[0];
      if (!first) {
        callback(Object.assign(new Error(`${host} has no address`), { code: "ENOTFOUND" }), null);
        return;
      }
      this.connectTo(
        {
          ...options,
          hostname: first.address,
          // TLS verifies, and SNI names, the endpoint's host, not the address it resolved to.
          servername: options.servername ?? host,
        },
        callback,
      );
    });
  }
}
