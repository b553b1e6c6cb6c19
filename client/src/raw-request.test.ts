import { describe, expect, it } from "vitest";
import { APIConnectionError } from "./errors.ts";
import {
  BASE_URL,
  billError,
  CREDENTIALS,
  DEV_KEY,
  json,
  loginOk,
  makeClient,
} from "./testing/fake-fetch.ts";

describe("rawRequest", () => {
  it("returns error statuses with the parsed body instead of throwing", async () => {
    const { client, requests } = makeClient(() => billError(400, "BDC_1122"));
    const response = await client.rawRequest({
      method: "POST",
      path: "/v3/login",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-request-id")).toBe("req-1");
    expect(response.body).toEqual([expect.objectContaining({ code: "BDC_1122" })]);
    expect(requests[0]?.url).toBe(`${BASE_URL}/v3/login`);
    expect(requests[0]?.body).toBe("{not json");
    expect([...(requests[0]?.headers.keys() ?? [])]).toEqual(["content-type"]);
  });

  it("returns a non-JSON body as text, and sends bytes as they are", async () => {
    const { client, requests } = makeClient(
      () => new Response("<h1>oops</h1>", { status: 502, headers: { "content-type": "text/html" } }),
    );
    const bytes = new TextEncoder().encode('{"a":1}');
    const response = await client.rawRequest({ method: "PUT", path: "v3/x", body: bytes });
    expect(response).toMatchObject({ status: 502, body: "<h1>oops</h1>" });
    expect(requests[0]?.method).toBe("PUT");
    expect(requests[0]?.url).toBe(`${BASE_URL}/v3/x`);
    expect(requests[0]?.body).toBe('{"a":1}');
  });

  it("adds devKey and sessionId only with auth: true; explicit headers win", async () => {
    const { client, requests } = makeClient((request) =>
      request.url.endsWith("/v3/login") ? loginOk("sess-1") : json(200, {}),
    );
    await client.sessions.login(CREDENTIALS);
    await client.rawRequest({ method: "GET", path: "/v3/login/session" });
    expect(requests[1]?.headers.has("devKey")).toBe(false);
    expect(requests[1]?.headers.has("sessionId")).toBe(false);
    await client.rawRequest({ method: "GET", path: "/v3/login/session", auth: true });
    expect(requests[2]?.headers.get("devKey")).toBe(DEV_KEY);
    expect(requests[2]?.headers.get("sessionId")).toBe("sess-1");
    await client.rawRequest({
      method: "GET",
      path: "/v3/login/session",
      auth: true,
      headers: { sessionId: "forged" },
    });
    expect(requests[3]?.headers.get("sessionId")).toBe("forged");
  });

  it("passes the query string through", async () => {
    const { client, requests } = makeClient(() => json(200, {}));
    await client.rawRequest({
      method: "GET",
      path: "/v3/users",
      query: { max: 5, page: "a b&c", skip: undefined },
    });
    expect(requests[0]?.url).toBe(`${BASE_URL}/v3/users?max=5&page=a+b%26c`);
  });

  it("never retries, never re-logs in", async () => {
    const { client, requests, sleeps } = makeClient((request) =>
      request.url.endsWith("/v3/login") ? loginOk("s") : billError(422, "BDC_1322", { "retry-after": "1" }),
    );
    await client.sessions.login(CREDENTIALS);
    const busy = await client.rawRequest({ method: "GET", path: "/v3/login/session", auth: true });
    expect(busy.status).toBe(422);
    expect(sleeps).toEqual([]);
    const { client: other, requests: otherRequests } = makeClient(() => billError(401, "BDC_1109"));
    other.useSession("dead");
    const dead = await other.rawRequest({ method: "GET", path: "/v3/login/session", auth: true });
    expect(dead.status).toBe(401);
    expect(otherRequests).toHaveLength(1);
    expect(requests).toHaveLength(2);
  });

  it("still throws when there is no answer at all", async () => {
    const { client, requests } = makeClient(() => {
      throw new TypeError("fetch failed");
    });
    await expect(client.rawRequest({ method: "GET", path: "/v3/login/session" })).rejects.toBeInstanceOf(
      APIConnectionError,
    );
    expect(requests).toHaveLength(1);
  });
});
