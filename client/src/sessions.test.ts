import { describe, expect, it } from "vitest";
import { BillClient } from "./client.ts";
import { AuthenticationError, BadRequestError } from "./errors.ts";
import {
  BASE_URL,
  billError,
  CREDENTIALS,
  DEV_KEY,
  json,
  loginOk,
  makeClient,
  ORG,
  SESSION_DETAILS,
} from "./testing/fake-fetch.ts";

describe("sessions", () => {
  it("login posts the credentials and devKey as JSON and remembers the session", async () => {
    const { client, requests } = makeClient(() => loginOk("sess-1"));
    const result = await client.sessions.login({ ...CREDENTIALS, rememberMeId: "rm", device: "d" });
    expect(result.sessionId).toBe("sess-1");
    expect(client.sessionId).toBe("sess-1");
    expect(client.organizationId).toBe(ORG);
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`${BASE_URL}/v3/login`);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("devKey")).toBeNull();
    expect(request?.headers.get("sessionId")).toBeNull();
    expect(JSON.parse(request?.body ?? "")).toEqual({
      ...CREDENTIALS,
      rememberMeId: "rm",
      device: "d",
      devKey: DEV_KEY,
    });
  });

  it("details sends devKey and sessionId headers on GET /v3/login/session", async () => {
    const { client, requests } = makeClient((request) =>
      request.url.endsWith("/v3/login") ? loginOk("sess-1") : json(200, SESSION_DETAILS),
    );
    await client.sessions.login(CREDENTIALS);
    expect(await client.sessions.details()).toEqual(SESSION_DETAILS);
    const request = requests[1];
    expect(request?.method).toBe("GET");
    expect(request?.url).toBe(`${BASE_URL}/v3/login/session`);
    expect(request?.headers.get("devKey")).toBe(DEV_KEY);
    expect(request?.headers.get("sessionId")).toBe("sess-1");
    expect(request?.body).toBeUndefined();
  });

  it("logout posts no body, answers {} and forgets session and credentials", async () => {
    const { client, requests } = makeClient((request) =>
      request.url.endsWith("/v3/login") ? loginOk("sess-1") : json(200, {}),
    );
    await client.sessions.login(CREDENTIALS);
    expect(await client.sessions.logout()).toEqual({});
    expect(requests[1]?.url).toBe(`${BASE_URL}/v3/logout`);
    expect(requests[1]?.body).toBeUndefined();
    expect(requests[1]?.headers.get("content-type")).toBeNull();
    expect(requests[1]?.headers.get("sessionId")).toBe("sess-1");
    expect(client.sessionId).toBeNull();
  });

  it("logout of a dead session throws, never logs in again, and forgets the session", async () => {
    const { client, requests } = makeClient((request) =>
      request.url.endsWith("/v3/login") ? loginOk("sess-1") : billError(401, "BDC_1109"),
    );
    await client.sessions.login(CREDENTIALS);
    await expect(client.sessions.logout()).rejects.toBeInstanceOf(AuthenticationError);
    expect(requests).toHaveLength(2);
    expect(client.sessionId).toBeNull();
  });

  it("a failed login throws and does not replace the session", async () => {
    const { client } = makeClient(() => billError(400, "BDC_1123"));
    client.useSession("old", ORG);
    await expect(client.sessions.login(CREDENTIALS)).rejects.toBeInstanceOf(BadRequestError);
    expect(client.sessionId).toBe("old");
  });

  it("tolerates a trailing slash in baseUrl", async () => {
    const { client, requests } = makeClient(() => loginOk("s"), { baseUrl: `${BASE_URL}//` });
    await client.sessions.login(CREDENTIALS);
    expect(requests[0]?.url).toBe(`${BASE_URL}/v3/login`);
  });

  it("useSession sets and clears the session used in headers", async () => {
    const { client, requests } = makeClient(() => json(200, SESSION_DETAILS));
    client.useSession("elsewhere", ORG);
    expect(client.sessionId).toBe("elsewhere");
    await client.sessions.details();
    expect(requests[0]?.headers.get("sessionId")).toBe("elsewhere");
    client.useSession(null);
    expect(client.sessionId).toBeNull();
    await client.sessions.details();
    expect(requests[1]?.headers.has("sessionId")).toBe(false);
    expect(requests[1]?.headers.get("devKey")).toBe(DEV_KEY);
  });

  it("never puts credentials, devKey or sessionId in a URL", async () => {
    const { client, requests } = makeClient((request) => {
      if (request.url.endsWith("/v3/login")) return loginOk("sess-secret");
      if (request.url.endsWith("/v3/logout")) return json(200, {});
      return json(200, SESSION_DETAILS);
    });
    await client.sessions.login(CREDENTIALS);
    await client.sessions.details();
    await client.sessions.logout();
    expect(requests).toHaveLength(3);
    const secrets = [CREDENTIALS.username, CREDENTIALS.password, DEV_KEY, "sess-secret"];
    for (const request of requests) {
      for (const secret of secrets) {
        expect(request.url).not.toContain(secret);
        expect(request.url).not.toContain(encodeURIComponent(secret));
      }
      expect(new URL(request.url).search).toBe("");
    }
  });

  it("requires baseUrl and devKey", () => {
    expect(() => new BillClient({ baseUrl: "", devKey: "k" })).toThrow(TypeError);
    expect(() => new BillClient({ baseUrl: BASE_URL, devKey: "" })).toThrow(TypeError);
  });
});
