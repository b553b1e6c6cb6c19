import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/errors.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";

/** Every status each BDC code may come with, from the one error table. */
const STATUSES_BY_CODE = new Map<string, Set<number>>();
for (const { code, status } of Object.values(ERROR_CODES)) {
  STATUSES_BY_CODE.set(code, (STATUSES_BY_CODE.get(code) ?? new Set()).add(status));
}
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

/** Asserts a response is a success of the expected shape or a well-formed BILL error array. */
function assertWellFormed(status: number, body: unknown, success: (body: unknown) => void) {
  expect(status).toBeLessThan(500);
  if (status === 200) return success(body);
  expect(Array.isArray(body), JSON.stringify(body)).toBe(true);
  const entries = body as Record<string, unknown>[];
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) {
    // BILL's fields; params only when there are some, as BILL's array of { name, value }.
    expect(
      Object.keys(entry)
        .filter((k) => k !== "params")
        .sort(),
    ).toEqual(["category", "code", "message", "severity", "timestamp"]);
    const params = (entry.params ?? []) as { name: unknown; value: unknown }[];
    if ("params" in entry) expect(params.length).toBeGreaterThan(0);
    for (const param of params) expect(Object.keys(param).sort()).toEqual(["name", "value"]);
    expect(entry.timestamp).toMatch(TIMESTAMP);
    expect(entry.severity).toBe("ERROR");
    expect(["REQUEST", "DOWNSTREAM", "APPLICATION"]).toContain(entry.category);
    expect(STATUSES_BY_CODE.get(String(entry.code))?.has(status), `${entry.code} with ${status}`).toBe(true);
    expect(typeof entry.message).toBe("string");
    expect(entry.message).not.toContain("${");
    for (const { name, value } of params) expect([typeof name, typeof value]).toEqual(["string", "string"]);
  }
}

const jsonValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 64 }),
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.string({ minLength: 1000, maxLength: 5000 }),
  fc.constant(""),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);

/** A header value Node and fetch will send: visible ASCII and spaces, often empty. */
const headerValue = fc.oneof(fc.string({ unit: fc.constantFrom(..."abcXYZ019-_ .:/=+") }), fc.constant(""));

describe("hostile input (property-based)", () => {
  let t: TestServer;
  let account: Account;
  let sessionId: string;

  beforeAll(async () => {
    t = await startTestServer({ config: { ipFailureLimit: 0, lockoutThreshold: 0 } });
    account = await provisionAccount(t.deps);
    sessionId = (await t.client(account.devKey).sessions.login(loginBody(account))).sessionId;
  });
  afterAll(() => t.close());

  /** A login-field value: the right one, or anything at all. */
  const field = (right: () => string) =>
    fc.oneof(
      fc.constant(undefined),
      fc.constant(0).map(() => right()),
      jsonValue,
    );

  const loginObject = fc
    .record({
      username: field(() => account.username),
      password: field(() => account.password),
      organizationId: field(() => account.organizationId),
      devKey: field(() => account.devKey),
      rememberMeId: fc.option(jsonValue, { nil: undefined }),
      device: fc.option(jsonValue, { nil: undefined }),
      userName: fc.option(jsonValue, { nil: undefined }),
      orgId: fc.option(jsonValue, { nil: undefined }),
      extra: fc.option(fc.anything(), { nil: undefined }),
    })
    .map((record) => JSON.stringify(record));

  const body = fc.oneof(
    { weight: 6, arbitrary: loginObject },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ unit: "binary" }) },
    { weight: 1, arbitrary: fc.constant("") },
  );

  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant("application/json") },
    {
      weight: 1,
      arbitrary: fc.constantFrom("application/json; charset=utf-8", "text/plain", "application/xml", ""),
    },
  );

  /** Auth headers: the right ones, wrong ones, or none, in any case. */
  const authHeaders = fc.record({
    sessionId: fc.oneof(
      fc.constant(undefined),
      fc.constant(0).map(() => sessionId),
      headerValue,
    ),
    devKey: fc.oneof(
      fc.constant(undefined),
      fc.constant(0).map(() => account.devKey),
      headerValue,
    ),
    upper: fc.boolean(),
  });

  const toHeaders = (auth: { sessionId?: string; devKey?: string; upper: boolean }, type: string) => {
    const headers: Record<string, string> = {};
    if (type) headers["Content-Type"] = type;
    if (auth.sessionId !== undefined) headers[auth.upper ? "SESSIONID" : "sessionId"] = auth.sessionId;
    if (auth.devKey !== undefined) headers[auth.upper ? "DEVKEY" : "devKey"] = auth.devKey;
    return headers;
  };

  it("POST /v3/login answers every generated request with a success or a BILL error array", async () => {
    let successes = 0;
    // A right login among the runs, whatever the seed draws: the success shape is always checked.
    const rightLogin: [string, string, { sessionId?: string; devKey?: string; upper: boolean }] = [
      JSON.stringify(loginBody(account)),
      "application/json",
      { devKey: account.devKey, upper: false },
    ];
    await fc.assert(
      fc.asyncProperty(body, contentType, authHeaders, async (text, type, auth) => {
        const res = await t.client(account.devKey).rawRequest({
          method: "POST",
          path: "/v3/login",
          headers: toHeaders(auth, type),
          body: text,
        });
        assertWellFormed(res.status, res.body, (ok) => {
          successes += 1;
          expect(ok).toEqual(expect.objectContaining({ userId: account.userId, trusted: false }));
        });
      }),
      { numRuns: 1500, examples: [rightLogin] },
    );
    expect(successes).toBeGreaterThan(0);
  });

  it("GET /v3/login/session answers every generated request with a success or a BILL error array", async () => {
    await fc.assert(
      fc.asyncProperty(authHeaders, fc.option(body, { nil: undefined }), async (auth, _ignored) => {
        const res = await t.client(account.devKey).rawRequest({
          method: "GET",
          path: "/v3/login/session",
          headers: toHeaders(auth, ""),
        });
        assertWellFormed(res.status, res.body, (ok) => {
          expect(ok).toEqual(expect.objectContaining({ userId: account.userId, mfaStatus: "DISABLED" }));
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("POST /v3/logout answers every generated request with a success or a BILL error array", async () => {
    // Logouts succeed only with a live session: give each success a fresh one.
    let live = sessionId;
    await fc.assert(
      fc.asyncProperty(body, contentType, authHeaders, async (text, type, auth) => {
        const headers = toHeaders(
          { ...auth, sessionId: auth.sessionId === sessionId ? live : auth.sessionId },
          type,
        );
        const res = await t
          .client(account.devKey)
          .rawRequest({ method: "POST", path: "/v3/logout", headers, body: text });
        assertWellFormed(res.status, res.body, (ok) => expect(ok).toEqual({}));
        if (res.status === 200)
          live = (await t.client(account.devKey).sessions.login(loginBody(account))).sessionId;
      }),
      { numRuns: 1000 },
    );
  });

  it("answers generated raw header lists, duplicates and odd cases included, with a success or an error array", async () => {
    const { host } = new URL(t.baseUrl);
    const name = fc.constantFrom(
      "sessionId",
      "SESSIONID",
      "devKey",
      "devkey",
      "DevKey",
      "Content-Type",
      "X-Other",
    );
    const value = fc.oneof(
      fc.constant(0).map(() => sessionId),
      fc.constant(0).map(() => account.devKey),
      fc.constant("application/json"),
      headerValue,
    );
    const target = fc.constantFrom(
      ["POST", "/v3/login"],
      ["GET", "/v3/login/session"],
      ["POST", "/v3/logout"],
    ) as fc.Arbitrary<[string, string]>;
    await fc.assert(
      fc.asyncProperty(
        target,
        fc.array(fc.tuple(name, value), { maxLength: 8 }),
        body,
        async ([method, path], pairs, text) => {
          const payload = method === "POST" ? text : "";
          const headers = [
            ["host", host],
            ["content-length", String(Buffer.byteLength(payload))],
            ...pairs,
          ].flat();
          const res = await new Promise<{ status: number; body: unknown }>((resolve, reject) => {
            const req = httpRequest(`${t.baseUrl}${path}`, { method, headers }, (response) => {
              let raw = "";
              response.on("data", (chunk) => {
                raw += chunk;
              });
              response.on("end", () =>
                resolve({ status: response.statusCode ?? 0, body: raw ? JSON.parse(raw) : undefined }),
              );
            });
            req.on("error", reject);
            req.end(payload);
          });
          assertWellFormed(res.status, res.body, () => {});
          if (path === "/v3/logout" && res.status === 200) {
            sessionId = (await t.client(account.devKey).sessions.login(loginBody(account))).sessionId;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("is still fully working afterwards, with no half-written rows", async () => {
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    expect((await client.sessions.details()).userId).toBe(account.userId);
    const sessions = await t.deps.stores.sessions.list({});
    for (const session of sessions) {
      expect(session).toEqual(
        expect.objectContaining({
          userId: account.userId,
          organizationId: account.organizationId,
          devKeyId: account.devKeyId,
        }),
      );
    }
    expect(await t.deps.stores.users.findByEmail(account.username)).toBeDefined();
    expect(await t.deps.stores.devKeys.count()).toBe(1);
  });
});
