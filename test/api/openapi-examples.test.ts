/**
 * The documented examples are real: the session calls' samples (src/http/openapi/examples.ts)
 * fit the schemas the server serialises with, and have the keys, types and id shapes of real
 * answers of a server started here; the error examples are what the server answers, word for
 * word but the timestamp (they are made by its own errorBody).
 */
import { Value } from "typebox/value";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isId } from "../../src/auth/crypto/ids.ts";
import { EmptyObject, ErrorResponse, LoginResponse, SessionDetails } from "../../src/http/schemas/auth.ts";
import {
  type Account,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";

interface Media {
  examples?: Record<string, { summary?: string; value: unknown }>;
}
interface Operation {
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

/** The shape of a JSON value: its keys (sorted) and the types of its leaves. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, shape(inner)]),
    );
  }
  return typeof value;
}

const withoutTimestamps = (body: unknown) =>
  (body as Record<string, unknown>[]).map(({ timestamp: _timestamp, ...entry }) => entry);

describe("the documented examples", () => {
  let t: TestServer;
  let document: Document;
  let account: Account;

  beforeAll(async () => {
    t = await startTestServer();
    account = await provisionAccount(t.deps);
    document = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as Document;
  });
  afterAll(() => t.close());

  const examplesOf = (path: string, method: string, status: string) => {
    const examples =
      document.paths[path]?.[method]?.responses[status]?.content?.["application/json"]?.examples;
    expect(examples, `${method} ${path} ${status}`).toBeDefined();
    return Object.values(examples ?? {}).map((example) => example.value);
  };
  const only = (path: string, method: string, status: string) => {
    const values = examplesOf(path, method, status);
    expect(values).toHaveLength(1);
    return values[0];
  };
  /** The documented example of one code at one status. */
  const errorExample = (path: string, method: string, status: string, code: string) => {
    const examples =
      document.paths[path]?.[method]?.responses[status]?.content?.["application/json"]?.examples;
    return examples?.[code]?.value;
  };

  it("fit the schemas the server serialises its answers with", () => {
    expect(Value.Check(LoginResponse, only("/v3/login", "post", "200"))).toBe(true);
    expect(Value.Check(SessionDetails, only("/v3/login/session", "get", "200"))).toBe(true);
    expect(Value.Check(EmptyObject, only("/v3/logout", "post", "200"))).toBe(true);
    // Every documented error example of every operation is BILL's error array.
    let errors = 0;
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) {
        for (const [status, answer] of Object.entries(operation.responses ?? {})) {
          if (!/^[45]/.test(status)) continue;
          for (const example of Object.values(answer.content?.["application/json"]?.examples ?? {})) {
            expect(Value.Check(ErrorResponse, example.value), status).toBe(true);
            errors += 1;
          }
        }
      }
    }
    expect(errors).toBeGreaterThan(100);
    const bodies = document.paths["/v3/login"]?.post?.requestBody?.content["application/json"]?.examples;
    expect(Object.keys(bodies ?? {})).toEqual(["password", "consoleApiToken"]);
  });

  it("have the shapes of real answers: login, session details, logout", async () => {
    const client = t.client(account.devKey);
    const login = await postJson(client, "/v3/login", loginBody(account));
    expect(login.status).toBe(200);
    const documentedLogin = only("/v3/login", "post", "200") as Record<string, string>;
    expect(shape(documentedLogin)).toEqual(shape(login.body));
    const real = login.body as Record<string, string>;
    // The same kinds of ids, and a session id of the same form.
    expect(isId("organization", documentedLogin.organizationId ?? "")).toBe(true);
    expect(isId("user", documentedLogin.userId ?? "")).toBe(true);
    expect(documentedLogin.sessionId).toMatch(new RegExp(`^[A-Za-z0-9_-]{${real.sessionId?.length}}$`));

    const headers = { devKey: account.devKey, sessionId: real.sessionId ?? "" };
    const session = await client.rawRequest({ method: "GET", path: "/v3/login/session", headers });
    expect(session.status).toBe(200);
    expect(shape(only("/v3/login/session", "get", "200"))).toEqual(shape(session.body));

    const logout = await postJson(client, "/v3/logout", {}, headers);
    expect(logout.status).toBe(200);
    expect(only("/v3/logout", "post", "200")).toEqual(logout.body);

    // And the error of a session that has ended.
    const ended = await client.rawRequest({ method: "GET", path: "/v3/login/session", headers });
    expect(ended.status).toBe(401);
    const documented = errorExample("/v3/login/session", "get", "401", "BDC_1109");
    expect(withoutTimestamps(documented)).toEqual(withoutTimestamps(ended.body));
  });

  it("are the server's own error answers, but the timestamp", async () => {
    const client = t.client(account.devKey);
    const wrong = await postJson(client, "/v3/login", { ...loginBody(account), password: "wrong" });
    expect(wrong.status).toBe(401);
    expect(withoutTimestamps(errorExample("/v3/login", "post", "401", "BDC_1101"))).toEqual(
      withoutTimestamps(wrong.body),
    );

    const { devKey: _devKey, ...noDevKey } = loginBody(account);
    const missing = await postJson(client, "/v3/login", noDevKey);
    expect(missing.status).toBe(400);
    expect(withoutTimestamps(errorExample("/v3/login", "post", "400", "BDC_1108"))).toEqual(
      withoutTimestamps(missing.body),
    );

    const noSession = await fetch(`${t.baseUrl}/v3/login/session`, { headers: { sessionId: "x" } });
    expect(noSession.status).toBe(400);
    expect(withoutTimestamps(errorExample("/v3/login/session", "get", "400", "BDC_1108"))).toEqual(
      withoutTimestamps(await noSession.json()),
    );
  });
});
