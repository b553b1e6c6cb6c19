import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Account,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One BILL error object, exactly: without params, the key is absent, as in BILL's example. */
const billError = (code: string, message: string, category = "REQUEST") => ({
  timestamp: expect.stringMatching(TIMESTAMP),
  code,
  severity: "ERROR",
  category,
  message,
});

/** A request over a raw socket, for what fetch will not send (no Content-Type, duplicate headers). */
function rawHttp(url: string, method: string, headers: [string, string][], body?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: unknown }>(
    (resolve, reject) => {
      // A raw header list (duplicates kept) gets no automatic Host header.
      const flat = [["host", new URL(url).host], ...headers].flat();
      const req = httpRequest(url, { method, headers: flat }, (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      });
      req.on("error", reject);
      req.end(body);
    },
  );
}

describe("wire conventions", () => {
  let t: TestServer;
  let account: Account;

  beforeAll(async () => {
    t = await startTestServer();
    account = await provisionAccount(t.deps);
  });
  afterAll(() => t.close());

  it("puts a fresh X-Request-Id on every response", async () => {
    const client = t.client(account.devKey);
    const responses = [
      await postJson(client, "/v3/login", loginBody(account)),
      await postJson(client, "/v3/login", {}),
      await client.rawRequest({ method: "GET", path: "/v3/nowhere" }),
      await client.rawRequest({ method: "DELETE", path: "/v3/login" }),
      await client.rawRequest({ method: "GET", path: "/v3/login/session" }),
    ];
    const ids = responses.map((res) => res.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("answers an unknown path with 404 BDC_1121 and a wrong method with 405 BDC_1121", async () => {
    const client = t.client(account.devKey);
    for (const path of ["/v3/nowhere", "/v2/Login.json", "/v3/login/session/extra", "/v3/%zz"]) {
      const res = await client.rawRequest({ method: "GET", path });
      expect(res.status, path).toBe(404);
      expect(res.body, path).toEqual([billError("BDC_1121", "API not supported.")]);
    }
    for (const [method, path] of [
      ["GET", "/v3/login"],
      ["PUT", "/v3/login"],
      ["POST", "/v3/login/session"],
      ["DELETE", "/v3/login/session"],
      ["GET", "/v3/logout"],
      // The trailing slash is ignored, as by the router; OPTIONS is a method like the others.
      ["PUT", "/v3/login/"],
      ["OPTIONS", "/v3/login"],
    ] as const) {
      const res = await client.rawRequest({ method, path });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.body).toEqual([billError("BDC_1121", "API not supported.")]);
    }
  });

  it("requires application/json for a body (parameters allowed), else 415 BDC_1122", async () => {
    const client = t.client(account.devKey);
    const body = JSON.stringify(loginBody(account));
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/xml",
      "multipart/form-data; boundary=x",
    ]) {
      const res = await client.rawRequest({
        method: "POST",
        path: "/v3/login",
        headers: { "Content-Type": type },
        body,
      });
      expect(res.status, type).toBe(415);
      expect(res.body).toEqual([billError("BDC_1122", "Content-Type must be application/json.")]);
    }
    for (const type of ["application/json; charset=utf-8", "Application/JSON"]) {
      const res = await client.rawRequest({
        method: "POST",
        path: "/v3/login",
        headers: { "Content-Type": type },
        body,
      });
      expect(res.status, type).toBe(200);
    }
    const none = await rawHttp(
      `${t.baseUrl}/v3/login`,
      "POST",
      [["content-length", String(Buffer.byteLength(body))]],
      body,
    );
    expect(none.status).toBe(415);
  });

  it("answers 400 BDC_1122 for a body that is not a JSON object", async () => {
    const client = t.client(account.devKey);
    for (const body of ["", "{", "nul", "[]", "[1,2]", '"text"', "42", "null", "true", '{"a":1}}']) {
      const res = await postJson(client, "/v3/login", body);
      expect(res.status, body).toBe(400);
      expect(res.body, body).toEqual([
        billError("BDC_1122", "Error Parsing Json Object. Please check your request."),
      ]);
    }
  });

  it("answers 413 BDC_9007 for a body over 64 KiB, and accepts one just under", async () => {
    const client = t.client(account.devKey);
    const filler = (size: number) => {
      const base = JSON.stringify({ ...loginBody(account), pad: "" });
      return JSON.stringify({ ...loginBody(account), pad: "x".repeat(size - base.length) });
    };
    const over = await postJson(client, "/v3/login", filler(64 * 1024 + 1));
    expect(over.status).toBe(413);
    expect(over.body).toEqual([billError("BDC_9007", "Request body too large.")]);
    const under = await postJson(client, "/v3/login", filler(64 * 1024));
    expect(under.status).toBe(200);
  });

  it("checks Content-Type before size, and size before parsing", async () => {
    const client = t.client(account.devKey);
    const huge = "{".repeat(70_000);
    const typed = await client.rawRequest({
      method: "POST",
      path: "/v3/login",
      headers: { "Content-Type": "text/plain" },
      body: huge,
    });
    expect(typed.status).toBe(415);
    const sized = await postJson(client, "/v3/login", huge);
    expect(sized.status).toBe(413);
  });

  it("ignores unknown fields and a body sent to logout", async () => {
    const client = t.client(account.devKey);
    const res = await postJson(client, "/v3/login", {
      ...loginBody(account),
      extra: { nested: [1] },
      __proto__: { x: 1 },
    });
    expect(res.status).toBe(200);
    const sessionId = (res.body as { sessionId: string }).sessionId;
    const out = await postJson(client, "/v3/logout", "{not json", { sessionId, devKey: account.devKey });
    expect(out.status).toBe(200);
  });

  it("survives duplicate headers without a crash", async () => {
    const client = t.client(account.devKey);
    const login = await postJson(client, "/v3/login", loginBody(account));
    const sessionId = (login.body as { sessionId: string }).sessionId;
    const dup = await rawHttp(`${t.baseUrl}/v3/login/session`, "GET", [
      ["sessionId", sessionId],
      ["sessionId", sessionId],
      ["devKey", account.devKey],
      ["devKey", account.devKey],
    ]);
    expect(dup.status).toBe(401);
    expect(dup.body).toEqual([billError("BDC_1109", "Session is invalid.  Please log in.", "DOWNSTREAM")]);
    const ok = await rawHttp(`${t.baseUrl}/v3/login/session`, "GET", [
      ["sessionId", sessionId],
      ["devKey", account.devKey],
    ]);
    expect(ok.status).toBe(200);
  });

  it("never reads credentials from the query string", async () => {
    const client = t.client(account.devKey);
    const login = await postJson(client, "/v3/login", loginBody(account));
    const { sessionId } = login.body as { sessionId: string };
    const res = await client.rawRequest({
      method: "GET",
      path: "/v3/login/session",
      query: { sessionId, devKey: account.devKey },
    });
    expect(res.status).toBe(400);
    const login2 = await client.rawRequest({
      method: "POST",
      path: "/v3/login",
      query: loginBody(account),
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(login2.status).toBe(400);
  });

  it("answers a request too malformed to be HTTP with a BILL error array", async () => {
    const { port } = new URL(t.baseUrl);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write("GET /connect/v3/login/session HTTP/1.1\r\nHost: x\r\nsessionId\u0000: bad\r\n\r\n");
      });
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk;
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(reply).toMatch(/\r\nX-Request-Id: [0-9a-f-]{36}\r\n/);
    const body = JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4));
    expect(body).toEqual([billError("BDC_1122", "Error Parsing Json Object. Please check your request.")]);
  });
});
