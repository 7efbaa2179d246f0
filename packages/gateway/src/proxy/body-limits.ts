import type { IncomingMessage } from "node:http";
import { Transform, type TransformCallback } from "node:stream";
import { buffer } from "node:stream/consumers";
import { GatewayError } from "../errors";

/** Counts streamed bytes and fails the stream past the limit. */
export class BodyLimit extends Transform {
  private seen = 0;
  constructor(
    private readonly limit: number,
    private readonly failure: () => Error,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(this.failure());
    else callback(null, chunk);
  }
}

/** The whole request body (its declared length is already known to be small). */
export async function readWhole(req: IncomingMessage): Promise<Buffer> {
  try {
    return await buffer(req);
  } catch (error) {
    throw new GatewayError(
      400,
      "bad_request",
      "the request body ended before its declared length",
      {},
      {
        cause: error,
      },
    );
  }
}
