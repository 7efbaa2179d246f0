import type { IncomingMessage } from "node:http";
import { GatewayError } from "../errors";

/**
 * Reads the whole request body for the policies that inspect it, refusing it (413) as soon as it
 * passes `limit`, declared or not, so a body bomb costs at most `limit` bytes of memory.
 */
export async function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge();
  if (declared === undefined && req.headers["transfer-encoding"] === undefined) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw new GatewayError(
      400,
      "bad_request",
      "the request body ended before its declared length",
      {},
      { cause: error },
    );
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(): GatewayError {
  return new GatewayError(413, "payload_too_large", "the request body is larger than the gateway accepts");
}
