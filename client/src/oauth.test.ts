import { describe, expect, it } from "vitest";
import { BillClient } from "./client.ts";
import { OAuthTokenError } from "./errors.ts";
import {
  BASE_URL,
  billError,
  deferred,
  fakeFetch,
  flush,
  json,
  type RecordedRequest,
  SESSION_DETAILS,
} from "./testing/fake-fetch.ts";

const isToken = (request: RecordedRequest) => request.url.endsWith("/authx/token");

/** A fake BILL: tokens `tok-1`, `tok-2`, … of `expiresIn` seconds; `valid` ones work. */
function tokenServer(expiresIn = 3600) {
  const valid = new Set<string>();
  let issued = 0;
  const handler = (request: RecordedRequest) => {
    if (isToken(request)) {
      issued++;
      const token = `tok-${issued}`;
      valid.add(token);
      return json(200, {
        access_token: token,
        token_type: "Bearer",
        expires_in: expiresIn,
        scope: "accounting",
      });
    }
    const bearer = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
    return valid.has(bearer) ? json(200, SESSION_DETAILS) : billError(401, "BDC_1109");
  };
  return { handler, valid, issued: () => issued };
}

function oauthClient(handler: (r: RecordedRequest) => Response | Promise<Response>, clock = { now: 0 }) {
  const fake = fakeFetch(handler);
  const client = new BillClient({
    baseUrl: BASE_URL,
    clientId: "0oa01 id:with+odd",
    clientSecret: "s3cret:é",
    fetch: fake.fetch,
    now: () => clock.now,
    sleep: async () => {},
  });
  return { client, requests: fake.requests, clock };
}

describe("OAuth client credentials", () => {
  it("fetches a token from /authx/token with HTTP Basic (form-urlencoded id and secret) and sends it as Bearer", async () => {
    const server = tokenServer();
    const { client, requests } = oauthClient(server.handler);
    expect(await client.sessions.details()).toEqual(SESSION_DETAILS);
    const [token, call] = requests;
    expect(token?.url).toBe("http://127.0.0.1:3000/authx/token");
    expect(token?.method).toBe("POST");
    expect(token?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(token?.body).toBe("grant_type=client_credentials");
    const basic = Buffer.from((token?.headers.get("authorization") ?? "").replace(/^Basic /, ""), "base64");
    expect(basic.toString("utf8")).toBe("0oa01+id%3Awith%2Bodd:s3cret%3A%C3%A9");
    expect(call?.headers.get("authorization")).toBe("Bearer tok-1");
    expect(call?.headers.get("devKey")).toBeNull();
    expect(call?.headers.get("sessionId")).toBeNull();
  });

  it("keeps the token for later calls, and several calls at once share one fetch", async () => {
    const server = tokenServer();
    const { client } = oauthClient(server.handler);
    await Promise.all([client.sessions.details(), client.sessions.details(), client.sessions.details()]);
    await client.sessions.details();
    expect(server.issued()).toBe(1);
  });

  it("fetches a new token shortly before the old one expires (the injected clock, no sleeping)", async () => {
    const server = tokenServer(3600);
    const { client, requests, clock } = oauthClient(server.handler);
    await client.sessions.details();
    clock.now = (3600 - 61) * 1000;
    await client.sessions.details();
    expect(server.issued()).toBe(1);
    clock.now = (3600 - 60) * 1000;
    await client.sessions.details();
    expect(server.issued()).toBe(2);
    expect(requests.at(-1)?.headers.get("authorization")).toBe("Bearer tok-2");
  });

  it("on a 401 fetches one new token and replays the call once", async () => {
    const server = tokenServer();
    const { client, requests } = oauthClient(server.handler);
    await client.sessions.details();
    server.valid.clear(); // revoked on the server
    expect(await client.sessions.details()).toEqual(SESSION_DETAILS);
    expect(server.issued()).toBe(2);
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual([
      "/authx/token",
      "/connect/v3/login/session",
      "/connect/v3/login/session",
      "/authx/token",
      "/connect/v3/login/session",
    ]);
  });

  it("gives up after one new token when the replay is 401 too", async () => {
    const fake = tokenServer();
    const handler = (request: RecordedRequest) =>
      isToken(request) ? fake.handler(request) : billError(401, "BDC_1109");
    const { client } = oauthClient(handler);
    const error = await client.sessions.details().catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("BDC_1109");
    expect(fake.issued()).toBe(2);
  });

  it("throws OAuthTokenError with RFC 6749's error when the token endpoint refuses", async () => {
    const { client } = oauthClient((request) =>
      isToken(request)
        ? json(401, { error: "invalid_client", error_description: "Client authentication failed." })
        : json(200, {}),
    );
    const error = await client.sessions.details().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthTokenError);
    expect(error).toMatchObject({ status: 401, error: "invalid_client" });
    expect(String((error as Error).message)).not.toContain("s3cret");
  });

  it("waits for a token fetch in flight rather than starting another", async () => {
    const gate = deferred<Response>();
    let fetches = 0;
    const { client } = oauthClient((request) => {
      if (isToken(request)) {
        fetches++;
        return gate.promise;
      }
      return json(200, SESSION_DETAILS);
    });
    const calls = [client.sessions.details(), client.sessions.details()];
    await flush();
    gate.resolve(json(200, { access_token: "t", token_type: "Bearer", expires_in: 3600, scope: "full" }));
    await Promise.all(calls);
    expect(fetches).toBe(1);
  });

  it("needs clientId and clientSecret together, and devKey without them", () => {
    expect(() => new BillClient({ baseUrl: BASE_URL, clientId: "x" })).toThrow(/go together/);
    expect(() => new BillClient({ baseUrl: BASE_URL })).toThrow(/devKey is required/);
    expect(new BillClient({ baseUrl: BASE_URL, clientId: "x", clientSecret: "y" })).toBeInstanceOf(
      BillClient,
    );
  });
});
