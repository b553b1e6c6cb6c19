import { describe, expect, it } from "vitest";
import { AuthenticationError } from "./errors.ts";
import { BillPartnerClient } from "./partner-client.ts";
import {
  BASE_URL,
  billError,
  fakeFetch,
  json,
  loginOk,
  ORG,
  type RecordedRequest,
} from "./testing/fake-fetch.ts";

const APP_KEY = "app-key-secret";

function partner(handler: (request: RecordedRequest) => Response) {
  const fake = fakeFetch(handler);
  const client = new BillPartnerClient({
    baseUrl: BASE_URL,
    appKey: APP_KEY,
    fetch: fake.fetch,
    sleep: async () => {},
  });
  return { client, requests: fake.requests };
}

const routes = (request: RecordedRequest): Response => {
  const path = new URL(request.url).pathname.replace("/connect", "");
  if (path === "/v3/partner/login") return json(200, { sessionId: "p-sess", userId: "0pu01AAAAAAAAAAAAAAA" });
  if (path === "/v3/partner/login-as-user") return loginOk("user-sess");
  if (path === "/v3/logout") return json(200, {});
  return json(200, { results: [] });
};

describe("BillPartnerClient", () => {
  it("logs in with the appKey in the body, then sends appKey and sessionId headers", async () => {
    const { client, requests } = partner(routes);
    expect(await client.login({ username: "acme-admin", password: "pw" })).toEqual({
      sessionId: "p-sess",
      userId: "0pu01AAAAAAAAAAAAAAA",
    });
    expect(client.sessionId).toBe("p-sess");
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({
      username: "acme-admin",
      password: "pw",
      appKey: APP_KEY,
    });
    expect(requests[0]?.headers.get("appKey")).toBeNull();
    await client.organizations.list().toArray();
    await client.organizations.create(
      { name: "Acme", address: { line1: "1", city: "c", zipOrPostalCode: "z", country: "US" } },
      { idempotencyKey: "org-1" },
    );
    for (const request of requests.slice(1)) {
      expect(request.headers.get("appKey")).toBe(APP_KEY);
      expect(request.headers.get("sessionId")).toBe("p-sess");
      expect(request.headers.get("devKey")).toBeNull();
      expect(request.headers.get("organizationId")).toBeNull();
    }
    expect(requests[2]?.headers.get("X-Idempotent-Key")).toBe("org-1");
    expect(requests.map((r) => `${r.method} ${r.url.replace(BASE_URL, "")}`)).toEqual([
      "POST /v3/partner/login",
      "GET /v3/partner/organizations",
      "POST /v3/partner/organizations",
    ]);
  });

  it("sends the organizationId header for one organization's users and roles", async () => {
    const { client, requests } = partner(routes);
    client.useSession("p-sess");
    await client.users(ORG).list({ max: 5 }).firstPage();
    await client.users(ORG).update("00601AAAAAAAAAAAAAAA", { email: "new@example.com" });
    await client.roles(ORG).get("0po01AAAAAAAAAAAAAAA");
    expect(
      requests.map((r) => [r.method, r.url.replace(BASE_URL, ""), r.headers.get("organizationId")]),
    ).toEqual([
      ["GET", "/v3/partner/users?max=5", ORG],
      ["PATCH", "/v3/partner/users/00601AAAAAAAAAAAAAAA", ORG],
      ["GET", "/v3/partner/roles/0po01AAAAAAAAAAAAAAA", ORG],
    ]);
  });

  it("logs in as a user and hands over a BillClient on that session with the partner's devKey", async () => {
    const { client, requests } = partner((request) =>
      request.url.endsWith("/v3/login/session") ? json(200, { organizationId: ORG }) : routes(request),
    );
    client.useSession("p-sess");
    const userClient = await client.userClient({
      userId: "00601AAAAAAAAAAAAAAA",
      organizationId: ORG,
      devKey: "pdk",
    });
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({
      userId: "00601AAAAAAAAAAAAAAA",
      organizationId: ORG,
    });
    expect(userClient.sessionId).toBe("user-sess");
    await userClient.sessions.details();
    expect(requests[1]?.headers.get("devKey")).toBe("pdk");
    expect(requests[1]?.headers.get("sessionId")).toBe("user-sess");
  });

  it("logs out through POST /v3/logout with appKey and forgets the session, even a dead one", async () => {
    const { client, requests } = partner(routes);
    client.useSession("p-sess");
    expect(await client.logout()).toEqual({});
    expect(client.sessionId).toBeNull();
    expect(requests[0]?.headers.get("appKey")).toBe(APP_KEY);
    expect(requests[0]?.body).toBeUndefined();

    const dead = partner(() => billError(401, "BDC_1109"));
    dead.client.useSession("gone");
    await expect(dead.client.logout()).rejects.toBeInstanceOf(AuthenticationError);
    expect(dead.client.sessionId).toBeNull();
  });

  it("does not log in again by itself on BDC_1109, and requires baseUrl and appKey", async () => {
    const { client, requests } = partner(() => billError(401, "BDC_1109"));
    client.useSession("expired");
    await expect(client.organizations.list().firstPage()).rejects.toBeInstanceOf(AuthenticationError);
    expect(requests).toHaveLength(1);
    expect(() => new BillPartnerClient({ baseUrl: "", appKey: "k" })).toThrow(TypeError);
    expect(() => new BillPartnerClient({ baseUrl: BASE_URL, appKey: "" })).toThrow(TypeError);
  });
});
