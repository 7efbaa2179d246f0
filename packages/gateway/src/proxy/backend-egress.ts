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
 * name is resolved here and the connection goes to the first address the policy allows (TLS
 * still verifies the name), never to one it refuses, so a name re-pointed at a refused address
 * (DNS rebinding) gains nothing. Runs per new connection, never per call on
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
      // The first address the policy allows (localhost may be ::1 and 127.0.0.1, one allowed).
      let refused: EgressRefusal | undefined;
      let chosen: string | undefined;
      for (const { address } of addresses) {
        const refusal = this.policy.refusal(address, port);
        if (!refusal) {
          chosen = address;
          break;
        }
        refused ??= refusal;
      }
      if (chosen === undefined) {
        callback(
          refused
            ? new EgressRefused(refused)
            : Object.assign(new Error(`${host} has no address`), { code: "ENOTFOUND" }),
          null,
        );
        return;
      }
      this.connectTo(
        {
          ...options,
          hostname: chosen,
          // TLS verifies, and SNI names, the endpoint's host, not the address it resolved to.
          servername: options.servername ?? host,
        },
        callback,
      );
    });
  }
}
