import type { Endpoint } from "../config/snapshot";

/**
 * Which of an API's endpoints a call tries first: round robin for load-balanced lists, and
 * endpoints that could not be reached lately after the others (this process's view).
 */
export class EndpointOrder {
  /** endpoint key -> until when it is tried after the others */
  private readonly suspended = new Map<string, number>();
  /** load-balanced endpoint lists (the snapshot's) -> the index the next call starts at */
  private readonly cursors = new WeakMap<readonly Endpoint[], number>();

  constructor(
    private readonly suspendMs: number,
    /** told when an endpoint is suspended: the first failure, not every call that then avoids it */
    private readonly onSuspended: (endpoint: string, error: unknown) => void,
  ) {}

  /**
   * The endpoints in the order to try them: load-balanced lists start one further each call
   * (round robin); suspended endpoints come after the rest.
   */
  inOrder(all: readonly Endpoint[], loadBalance: boolean): readonly Endpoint[] {
    let endpoints = all;
    if (loadBalance) {
      const start = this.cursors.get(all) ?? 0;
      this.cursors.set(all, (start + 1) % all.length);
      if (start > 0) endpoints = [...all.slice(start), ...all.slice(0, start)];
    }
    if (this.suspended.size === 0) return endpoints;
    const now = Date.now();
    const ready: Endpoint[] = [];
    const waiting: Endpoint[] = [];
    for (const endpoint of endpoints) {
      const until = this.suspended.get(endpoint.key);
      if (until !== undefined && until <= now) this.suspended.delete(endpoint.key);
      if (until !== undefined && until > now) waiting.push(endpoint);
      else ready.push(endpoint);
    }
    return waiting.length === 0 ? endpoints : [...ready, ...waiting];
  }

  suspend(endpoint: Endpoint, error: unknown): void {
    const now = Date.now();
    const until = this.suspended.get(endpoint.key);
    if (until === undefined || until <= now) this.onSuspended(endpoint.key, error);
    this.suspended.set(endpoint.key, now + this.suspendMs);
  }

  /** The endpoint answered: it is no longer passed over. */
  reached(endpoint: Endpoint): void {
    if (this.suspended.size > 0) this.suspended.delete(endpoint.key);
  }
}
