/**
 * Raw HTTP over `node:net`, for what no HTTP client sends: no Host, headers that never end, a
 * body a byte at a time. Each connection records what the server wrote and when it closed.
 */
import { connect, type Socket } from "node:net";
import { expect } from "vitest";

export interface RawClosed {
  /** Everything the server wrote, as latin1 text. */
  data: string;
  /** Milliseconds from the connection to its close. */
  afterMs: number;
}

export interface RawConnection {
  socket: Socket;
  /** Writes if the socket is still open; false once it is not. */
  write(text: string): boolean;
  /** Resolves when the socket is closed (by either side), never rejects. */
  closed: Promise<RawClosed>;
  /** Resolves once the socket is connected. */
  connected: Promise<void>;
}

export function rawConnection(port: number, options: { localAddress?: string; host?: string } = {}) {
  const started = performance.now();
  const socket = connect({
    port,
    host: options.host ?? "127.0.0.1",
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  let data = "";
  socket.setEncoding("latin1");
  socket.on("data", (chunk: string) => {
    data += chunk;
  });
  // A reset after the answer (the server closed with bytes of ours unread) is a close too.
  socket.on("error", () => {});
  const closed = new Promise<RawClosed>((resolve) => {
    socket.on("close", () => resolve({ data, afterMs: performance.now() - started }));
  });
  const connected = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const connection: RawConnection = {
    socket,
    write: (text) => {
      if (socket.destroyed || !socket.writable) return false;
      socket.write(text, "latin1");
      return true;
    },
    closed,
    connected,
  };
  return connection;
}

/** Writes one byte of `text` every `everyMs` while the socket is open; stops at its close. */
export function drip(connection: RawConnection, text: string, everyMs: number): void {
  let index = 0;
  const timer = setInterval(() => {
    if (!connection.write(text[index % text.length] as string)) clearInterval(timer);
    index += 1;
  }, everyMs);
  connection.closed.then(() => clearInterval(timer));
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The first response in what a server wrote (Content-Length bodies, JSON or empty). */
export function parseRawResponse(text: string): RawResponse {
  const headEnd = text.indexOf("\r\n\r\n");
  expect(headEnd, `no complete response in ${JSON.stringify(text.slice(0, 200))}`).toBeGreaterThan(0);
  const [statusLine = "", ...lines] = text.slice(0, headEnd).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  const raw = Buffer.from(text.slice(headEnd + 4), "latin1")
    .subarray(0, length)
    .toString("utf8");
  return { status, headers, body: raw === "" ? undefined : JSON.parse(raw) };
}

/**
 * Sends `writes` on a new connection (50 ms apart) and reads the first response: until the
 * server closes, or, with `untilClose: false`, until the response is complete (then hangs up).
 */
export async function rawExchange(
  port: number,
  writes: string[],
  options: { untilClose?: boolean } = {},
): Promise<RawResponse> {
  const connection = rawConnection(port);
  await connection.connected;
  for (const [index, text] of writes.entries()) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    connection.write(text);
  }
  if (options.untilClose ?? true) return parseRawResponse((await connection.closed).data);
  const response = await new Promise<RawResponse>((resolve) => {
    let text = "";
    connection.socket.on("data", (chunk: string) => {
      text += chunk;
      const headEnd = text.indexOf("\r\n\r\n");
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(text)?.[1] ?? Number.NaN);
      if (headEnd > 0 && Buffer.byteLength(text.slice(headEnd + 4), "latin1") >= length) {
        resolve(parseRawResponse(text));
      }
    });
  });
  connection.socket.destroy();
  return response;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

/** A response that is BILL's error array of one code, with an X-Request-Id and the security headers. */
export function expectBillError(response: RawResponse, status: number, code: string, message: string): void {
  expect(response.status).toBe(status);
  expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(response.headers["x-content-type-options"]).toBe("nosniff");
  expect(response.headers["referrer-policy"]).toBe("no-referrer");
  // params only when the error has some, as BILL's array of { name, value }.
  const first = Array.isArray(response.body) ? (response.body[0] as object | undefined) : undefined;
  const params = first !== undefined && "params" in first ? { params: expect.any(Array) } : {};
  expect(response.body).toEqual([
    {
      timestamp: expect.stringMatching(TIMESTAMP),
      code,
      severity: "ERROR",
      category: expect.any(String),
      message,
      ...params,
    },
  ]);
}
