/**
 * The edges of the wire contract: no Host, an over-long URL (414 BDC_9013), oversized headers
 * (431 BDC_9012), each in BILL's form with an X-Request-Id and the security headers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_HEADER_BYTES } from "../../src/http/connection-limits.ts";
import { MAX_URL_BYTES, overflowInRequestLine } from "../../src/http/wire-edges.ts";
import { startTestServer, type TestServer } from "../helpers/helpers.ts";
import { expectBillError, parseRawResponse, rawConnection, rawExchange } from "../helpers/raw-http.ts";

let t: TestServer;
let port: number;
beforeAll(async () => {
  t = await startTestServer();
  port = Number(new URL(t.server.url).port);
});
afterAll(() => t.close());

const exchange = (writes: string[], options: { untilClose?: boolean } = {}) =>
  rawExchange(port, writes, options);

const TOO_LONG = [414, "BDC_9013", "Request URI too long."] as const;
const TOO_LARGE = [431, "BDC_9012", "Request header fields too large."] as const;

describe("requests at the edges of HTTP", () => {
  it("answers an HTTP/1.1 request without Host 400 BDC_1108 for Host, and lets HTTP/1.0 do without", async () => {
    const none = await exchange(["GET /connect/v3/login/session HTTP/1.1\r\n\r\n"], { untilClose: false });
    expectBillError(none, 400, "BDC_1108", "Missing parameter value for parameter: Host.");
    expect((none.body as { params: unknown }[])[0]?.params).toEqual([{ name: "paramName0", value: "Host" }]);
    const old = await exchange(["GET /health/live HTTP/1.0\r\n\r\n"]);
    expect(old.status).toBe(200);
    expect(old.body).toEqual({ status: "live" });
  });

  it("serves a request whose Expect is not 100-continue as any other (Node would answer a bare 417)", async () => {
    const odd = await exchange(["GET /connect/v3/nowhere HTTP/1.1\r\nHost: b\r\nExpect: something\r\n\r\n"], {
      untilClose: false,
    });
    expectBillError(odd, 404, "BDC_1121", "API not supported.");
    const live = await exchange([
      "GET /health/live HTTP/1.1\r\nHost: b\r\nExpect: x\r\nConnection: close\r\n\r\n",
    ]);
    expect(live).toMatchObject({ status: 200, body: { status: "live" } });
    expect(live.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers a URL over 8 KiB 414 BDC_9013, and serves one of exactly 8 KiB", async () => {
    const url = (length: number) => `/connect/v3/nowhere?q=${"x".repeat(length - 22)}`;
    expect(url(MAX_URL_BYTES)).toHaveLength(MAX_URL_BYTES);
    const limit = await exchange([`GET ${url(MAX_URL_BYTES)} HTTP/1.1\r\nHost: b\r\n\r\n`], {
      untilClose: false,
    });
    expectBillError(limit, 404, "BDC_1121", "API not supported.");
    const over = await exchange([`GET ${url(MAX_URL_BYTES + 1)} HTTP/1.1\r\nHost: b\r\n\r\n`], {
      untilClose: false,
    });
    expectBillError(over, ...TOO_LONG);
    // Even where a path parameter is too long for the router.
    const param = await exchange([`GET /connect/v3/users/${"9".repeat(9000)} HTTP/1.1\r\nHost: b\r\n\r\n`], {
      untilClose: false,
    });
    expectBillError(param, ...TOO_LONG);
  });

  it("answers a request line over the header limit 414 BDC_9013 and closes, in one packet or two", async () => {
    const path = `/connect/v3/login/session?q=${"y".repeat(MAX_HEADER_BYTES + 100)}`;
    expectBillError(await exchange([`GET ${path} HTTP/1.1\r\nHost: b\r\n\r\n`]), ...TOO_LONG);
    const split = await exchange([
      `GET ${path.slice(0, 3000)}`,
      `${path.slice(3000)} HTTP/1.1\r\nHost: b\r\n\r\n`,
    ]);
    expectBillError(split, ...TOO_LONG);
    // A URL that never ends: the packet still starts with the request line.
    expectBillError(await exchange([`GET ${path}`]), ...TOO_LONG);
  });

  it("answers headers over the limit 431 BDC_9012 and closes, in one packet or two", async () => {
    const head = "GET /connect/v3/login/session HTTP/1.1\r\nHost: b\r\n";
    const big = "z".repeat(MAX_HEADER_BYTES);
    expectBillError(await exchange([`${head}X-Big: ${big}\r\n\r\n`]), ...TOO_LARGE);
    expectBillError(await exchange([`${head}X-Big: `, `${big}\r\n\r\n`]), ...TOO_LARGE);
    const many = Array.from({ length: 400 }, (_, i) => `X-Header-${i}: ${"v".repeat(40)}\r\n`).join("");
    expectBillError(await exchange([`${head}${many}\r\n`]), ...TOO_LARGE);
  });

  it("tells the request line from a header in the packet where the overflow happened", () => {
    // Where the parser stopped: at the marker, or at the end of the packet ("$").
    const at = (text: string, marker: string) =>
      [Buffer.from(text, "latin1"), marker === "$" ? text.length : text.indexOf(marker)] as const;
    expect(overflowInRequestLine(...at("GET /aaaa HTTP/1.1\r\nHost: b\r\n", " HTTP"))).toBe(true);
    expect(overflowInRequestLine(...at("aaaaaaaa HTTP/1.1\r\nHost: b\r\n", " HTTP"))).toBe(true);
    expect(overflowInRequestLine(...at("GET /aaaa", "$"))).toBe(true);
    expect(overflowInRequestLine(...at("GET / HTTP/1.1\r\nX-Big: zzzz", "$"))).toBe(false);
    expect(overflowInRequestLine(...at("GET / HTTP/1.1\r\nX-Big: zzzz\r\n", "zzzz\r"))).toBe(false);
    expect(overflowInRequestLine(...at("zzzzzzzz\r\nX-Other: 1\r\n", "\r\nX"))).toBe(false);
    // Pipelined: the second request's line overflows.
    expect(overflowInRequestLine(...at("GET / HTTP/1.1\r\nHost: b\r\n\r\nGET /aaaa", "$"))).toBe(true);
    // Neither the start nor the end of the line in the packet: counted as a header.
    expect(overflowInRequestLine(Buffer.from("aaaaaaaa"), 8)).toBe(false);
  });
});

describe("a server that is shutting down", () => {
  it("answers a request on a connection it already had 503 BDC_1001 in BILL's form, and closes it", async () => {
    const closing = await startTestServer();
    const connection = rawConnection(Number(new URL(closing.server.url).port));
    await connection.connected;
    // Half a request: the connection is busy, so the close does not drop it as idle.
    connection.write("GET /health/ready HTTP/1.1\r\nHost: b\r\n");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = closing.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    connection.write("\r\n");
    const response = parseRawResponse((await connection.closed).data);
    expectBillError(response, 503, "BDC_1001", "System error occurred.");
    expect(response.headers.connection).toBe("close");
    await closed;
  });
});
