import type { FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../errors.ts";

/**
 * Answers a request that has not been answered after `timeoutMs` with 503 `BDC_1001` (ours),
 * so that no request holds its in-flight slot (spec section 6) for longer than that. The
 * handler may still be running, as with any timeout in Node; its late answer is dropped.
 *
 * Not Fastify's `handlerTimeout`: in Fastify 5.12 it clears its timer on the request's
 * "close" event, which Node 20 emits as soon as a body has been read, so it never fires for
 * a POST with a body (the login).
 */
export function requestTimeout(timeoutMs: number) {
  return (_request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const timer = setTimeout(() => {
      if (reply.sent || reply.raw.headersSent || reply.raw.destroyed) return;
      // The connection ends with this answer (Node writes `Connection: close` and destroys the
      // socket once the answer is out): the request may still be arriving, a byte at a time,
      // and a keep-alive would leave the socket to the client for as long as it likes.
      reply.raw.shouldKeepAlive = false;
      const socket = reply.raw.socket;
      reply.raw.once("finish", () => socket?.destroy());
      // Through the error handler, like any other error answer (it also ends the request's budget).
      reply.send(new ApiError("REQUEST_TIMEOUT"));
    }, timeoutMs);
    // "close" ends every response: answered, abandoned by the client, or destroyed.
    reply.raw.once("close", () => clearTimeout(timer));
    done();
  };
}
