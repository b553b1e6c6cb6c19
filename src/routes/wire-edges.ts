import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { type Clock, formatTimestamp } from "../clock.ts";
import { ERROR_CODES, type ErrorKey, errorBody } from "../errors.ts";
import { RAW_SECURITY_HEADERS } from "./security-headers.ts";

type ClientError = Error & { code?: string };

/** The answer to a request Node could not hand to Fastify. */
export function clientErrorKey(error: ClientError): ErrorKey {
  switch (error.code) {
    // Node's headers and request timeouts (BILLET_HEADERS_TIMEOUT_MS, BILLET_RECEIVE_TIMEOUT_MS).
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return "RECEIVE_TIMEOUT";
    default:
      return "INVALID_JSON";
  }
}

/** BILL's error array as a whole HTTP/1.1 response, for writing straight on a socket. */
export function rawErrorAnswer(key: ErrorKey, now: number): string {
  const { status } = ERROR_CODES[key];
  const body = JSON.stringify(errorBody([{ key }], formatTimestamp(now)));
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${randomUUID()}\r\n` +
    `${RAW_SECURITY_HEADERS}Connection: close\r\n\r\n${body}`
  );
}

/** How long a client that does not take the answer keeps its socket. */
const CLOSE_GRACE_MS = 1000;

/**
 * Fastify's clientErrorHandler: a request too malformed or too slow to reach
 * Fastify is answered on the socket, in BILL's form, and the socket is closed. `end()` alone
 * only half-closes (HTTP servers allow half-open sockets), so a client that never closes its
 * side would keep it: the socket is destroyed once the answer is out, or after a grace period.
 */
export function createClientErrorHandler(clock: Clock) {
  return (error: ClientError, socket: Socket): void => {
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    // A later error of a socket already answered, or a response already under way (its
    // headers are out; nothing can be written after them): just close.
    const response = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(rawErrorAnswer(clientErrorKey(error), clock.now()));
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
    socket.once("finish", () => socket.destroy());
    socket.once("close", () => clearTimeout(timer));
  };
}
