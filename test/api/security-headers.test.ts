/**
 * Security headers on every answer, those Node and Fastify write without a route included, and
 * a Content-Security-Policy on the console and /docs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/helpers.ts";
import { expectBillError, rawExchange } from "../helpers/raw-http.ts";

let t: TestServer;
let port: number;
beforeAll(async () => {
  t = await startTestServer();
  port = Number(new URL(t.server.url).port);
});
afterAll(() => t.close());

const exchange = (writes: string[], options: { untilClose?: boolean } = {}) =>
  rawExchange(port, writes, options);

describe("security headers", () => {
  const expectSecurityHeaders = (headers: Headers, label: string) => {
    expect(headers.get("x-content-type-options"), label).toBe("nosniff");
    expect(headers.get("referrer-policy"), label).toBe("no-referrer");
    expect(headers.get("x-request-id"), label).toMatch(/^[0-9a-f-]{36}$/);
  };

  it("are on every answer: success, 404, 405, a framework error, a missing header, the operator API", async () => {
    const base = t.server.url;
    const cases: [string, RequestInit, number][] = [
      ["/health/live", {}, 200],
      ["/health/ready", {}, 200],
      ["/connect/v3/nowhere", {}, 404],
      ["/nowhere", {}, 404],
      ["/connect/v3/%zz", {}, 404],
      ["/connect/v3/login", { method: "DELETE" }, 405],
      ["/connect/v3/login/session", {}, 400],
      ["/connect/v3/login", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" }, 415],
      ["/operator/v1/clock", {}, 401],
      ["/connect/openapi.json", {}, 200],
    ];
    for (const [path, init, status] of cases) {
      const res = await fetch(`${base}${path}`, init);
      expect(res.status, path).toBe(status);
      expectSecurityHeaders(res.headers, path);
      await res.arrayBuffer();
    }
  });

  it("are on the answers written straight on the socket", async () => {
    const malformed = await exchange([
      "GET /connect/v3/login/session HTTP/1.1\r\nHost: x\r\nsessionId\u0000: bad\r\n\r\n",
    ]);
    expectBillError(malformed, 400, "BDC_1122", "Error Parsing Json Object. Please check your request.");
    expect(malformed.headers.connection).toBe("close");
  });

  it("add a Content-Security-Policy forbidding frames to the console and /docs, their assets included", async () => {
    const base = t.server.url;
    for (const path of ["/console", "/console/index.html", "/console/app.js", "/console/style.css"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(res.headers, path);
      expect(res.headers.get("content-security-policy"), path).toBe(
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
      );
      await res.arrayBuffer();
    }
    for (const path of [
      "/docs/",
      "/docs/static/swagger-ui.css",
      "/docs/static/swagger-initializer.js",
      "/docs/json",
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(res.headers, path);
      const policy = res.headers.get("content-security-policy") ?? "";
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(policy, path).toContain("default-src 'self'");
      expect(policy, path).toMatch(/script-src 'self'(;| 'sha256-)/);
      expect(policy, path).not.toMatch(
        /upgrade-insecure-requests|validator\.swagger\.io|frame-ancestors 'self'/,
      );
      await res.arrayBuffer();
    }
  });
});
