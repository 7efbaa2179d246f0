import type { ForwardInput } from "./forward-request";
import { responseHead } from "./hop-by-hop";
import { type HeldAnswer, inspectHead, releaseHeld } from "./response-inspection";
import { ResponseTooLarge } from "./upstream-errors";

/**
 * undici's dispatch handler for one exchange: the backend's response head and chunks go straight
 * to the caller's response, with backpressure. Rejects only while nothing was sent to the caller;
 * later failures cut the response off. A class rather than closures: nothing is built per call
 * but the object and one listener. Routes with response-phase steps show them the head first,
 * and hold the answer (within the steps' limit) for the ones that read the body.
 */
export class Exchange {
  private status = 0;
  private abortUpstream: ((reason?: Error) => void) | undefined;
  private resumeUpstream: (() => void) | undefined;
  /** bytes of an answer of undeclared length so far; -1 when the length was declared */
  private counted = -1;
  private done = false;
  private readonly callerGone: () => void;
  /** the answer held for response steps that read the body, until it is complete */
  private held: HeldAnswer | undefined;

  constructor(
    private readonly input: ForwardInput,
    private readonly maxResponse: number,
    private readonly resolve: (result: { status: number }) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.callerGone = this.abortOnCallerGone.bind(this);
    input.res.once("close", this.callerGone);
  }

  private abortOnCallerGone(): void {
    if (!this.done) this.abortUpstream?.(new Error("the caller went away"));
  }

  private finish(): void {
    this.done = true;
    this.input.res.off("close", this.callerGone);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortUpstream = abort;
  }

  onHeaders(statusCode: number, raw: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true; // 1xx: the final answer follows
    const { input } = this;
    let head = responseHead(raw, input.dropResponse);
    if (head.length !== undefined && head.length > this.maxResponse) {
      this.abortUpstream?.(new ResponseTooLarge());
      return false;
    }
    this.counted = head.length === undefined ? 0 : -1;
    this.resumeUpstream = resume;
    if (input.response !== undefined) {
      const inspected = inspectHead(input, statusCode, head);
      head = inspected.head;
      if (inspected.held) {
        this.held = inspected.held;
        return true;
      }
    }
    this.writeHead(statusCode, head.headers);
    return true;
  }

  private writeHead(statusCode: number, headers: string[]): void {
    const { input } = this;
    for (const name in input.responseHeaders) headers.push(name, input.responseHeaders[name] as string);
    for (const name in input.rateLimitHeaders) headers.push(name, input.rateLimitHeaders[name] as string);
    // A header Node refuses to write throws here, before anything is sent: the caller gets a 502.
    input.res.writeHead(statusCode, headers);
    this.status = statusCode;
  }

  onData(chunk: Buffer): boolean {
    if (this.counted !== -1) {
      this.counted += chunk.length;
      // Undeclared length: cut the answer off past the limit.
      if (this.counted > this.maxResponse) {
        this.abortUpstream?.(new ResponseTooLarge());
        return false;
      }
    }
    const held = this.held;
    if (held !== undefined) {
      held.chunks.push(chunk);
      held.size += chunk.length;
      if (held.size <= held.limit) return true;
      // Larger than any step reads: send what was held and stream the rest, unread.
      this.held = undefined;
      this.writeHead(held.status, held.headers);
      for (const c of held.chunks) this.input.res.write(c);
      return true;
    }
    const ok = this.input.res.write(chunk);
    if (!ok && this.resumeUpstream) this.input.res.once("drain", this.resumeUpstream);
    return ok;
  }

  onComplete(): void {
    const held = this.held;
    if (held !== undefined) {
      this.held = undefined;
      const body = releaseHeld(this.input, held);
      this.writeHead(held.status, held.headers);
      this.finish();
      this.input.res.end(body);
    } else {
      this.finish();
      this.input.res.end();
    }
    this.resolve({ status: this.status });
  }

  onError(error: Error): void {
    this.finish();
    this.held = undefined;
    if (this.status === 0) this.reject(error);
    else {
      this.input.res.destroy();
      this.resolve({ status: this.status });
    }
  }
}
