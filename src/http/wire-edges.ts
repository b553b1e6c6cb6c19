import { randomUUID } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { type Clock, formatTimestamp } from "../clock.ts";
import { ERROR_CODES, type ErrorItem, type ErrorKey, errorBody } from "../errors.ts";
import { RAW_SECURITY_HEADERS } from "./security-headers.ts";

/**
 * The longest URL billet reads, in bytes: longer is 414 `BDC_9013`. Half of Node's header
 * limit (MAX_HEADER_BYTES, 16 KiB, which counts the URL too), so that a URL over it but under
 * Node's limit is refused here by its own length, and headers still have room beside a URL.
 */
export const MAX_URL_BYTES = 8 * 1024;

/**
 * What the onRequest hook refuses before anything else: an over-long URL, and an HTTP/1.1
 * request without Host (RFC 9112 section 3.2; Node's own check is off: it answers a bare 400).
 */
export function edgeRefusal(raw: IncomingMessage): ErrorItem | undefined {
  if ((raw.url?.length ?? 0) > MAX_URL_BYTES) return { key: "URI_TOO_LONG" };
  if (raw.headers.host === undefined && raw.httpVersionMajor === 1 && raw.httpVersionMinor === 1) {
    return { key: "MISSING_PARAMETER", params: { paramName0: "Host" } };
  }
  return undefined;
}

/**
 * A request whose `Expect` is not `100-continue` goes to Fastify like any other (RFC 9110
 * lets a server ignore an expectation it does not know): without a listener, Node would answer
 * it a bare 417, without BILL's array or an X-Request-Id.
 */
export function serveUnknownExpectations(
  server: Server,
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): void {
  server.on("checkExpectation", handle);
}

/** A request line: a method and a space at its start, or the HTTP version at its end. */
const REQUEST_LINE_START = /^[A-Z]+ \S/;
const REQUEST_LINE_END = / HTTP\/\d\.\d\r?$/;

/**
 * Whether Node's header overflow (HPE_HEADER_OVERFLOW) happened in the request line rather
 * than in a header. Node gives only the packet it was parsing and where in it the parser
 * stopped (at the end of the URL, header name or value that overflowed, or of the packet), so
 * this reads the line holding that point. A line that began in an earlier packet and ends in
 * a later one cannot be told apart: it counts as a header (431).
 */
export function overflowInRequestLine(packet: Buffer, parsed: number | undefined): boolean {
  const text = packet.toString("latin1");
  const at = Math.min(Math.max(parsed ?? text.length, 0), text.length);
  const start = at === 0 ? 0 : text.lastIndexOf("\n", at - 1) + 1;
  const end = text.indexOf("\n", at);
  const line = text.slice(start, end === -1 ? text.length : end);
  return REQUEST_LINE_START.test(line) || (end !== -1 && REQUEST_LINE_END.test(line));
}

/** Node's clientError: `rawPacket` is the packet being parsed (Fastify's types say otherwise). */
type ClientError = Error & { code?: string; rawPacket?: unknown; bytesParsed?: number };

/** The answer to a request Node could not hand to Fastify. */
export function clientErrorKey(error: ClientError): ErrorKey {
  switch (error.code) {
    // Node's headers and request timeouts (BILLET_HEADERS_TIMEOUT_MS, BILLET_RECEIVE_TIMEOUT_MS).
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return "RECEIVE_TIMEOUT";
    case "HPE_HEADER_OVERFLOW":
      return Buffer.isBuffer(error.rawPacket) && overflowInRequestLine(error.rawPacket, error.bytesParsed)
        ? "URI_TOO_LONG"
        : "HEADERS_TOO_LARGE";
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
 * Fastify's clientErrorHandler: a request too malformed, too large or too slow to reach
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
