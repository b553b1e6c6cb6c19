import { describe, expect, it } from "vitest";
import { AuthenticationError } from "./errors.ts";
import {
  billError,
  CREDENTIALS,
  type Deferred,
  deferred,
  flush,
  json,
  loginOk,
  makeClient,
  type RecordedRequest,
  SESSION_DETAILS,
} from "./testing/fake-fetch.ts";

const isLogin = (request: RecordedRequest) => request.url.endsWith("/v3/login");

/** A fake server: sessions listed in `valid` work, others answer BDC_1109. */
function sessionServer() {
  const valid = new Set<string>();
  let logins = 0;
  const handler = (request: RecordedRequest) => {
    if (isLogin(request)) {
      logins++;
      const sessionId = `sess-${logins}`;
      valid.add(sessionId);
      return loginOk(sessionId);
    }
    const sessionId = request.headers.get("sessionId") ?? "";
    return valid.has(sessionId) ? json(200, SESSION_DETAILS) : billError(401, "BDC_1109");
  };
  return { handler, valid, logins: () => logins };
}

describe("re-login on BDC_1109", () => {
  it("logs in again exactly once with the same credentials and replays the call", async () => {
    const server = sessionServer();
    const { client, requests } = makeClient(server.handler);
    await client.sessions.login(CREDENTIALS);
    server.valid.clear(); // the session expired on the server
    expect(await client.sessions.details()).toEqual(SESSION_DETAILS);
    expect(server.logins()).toBe(2);
    expect(client.sessionId).toBe("sess-2");
    expect(requests.map((r) => r.url.replace(/.*\/connect/, ""))).toEqual([
      "/v3/login",
      "/v3/login/session",
      "/v3/login",
      "/v3/login/session",
    ]);
    expect(requests[1]?.headers.get("sessionId")).toBe("sess-1");
    expect(requests[3]?.headers.get("sessionId")).toBe("sess-2");
    expect(requests[2]?.body).toBe(requests[0]?.body);
  });

  it("gives up after one re-login when the replay also answers BDC_1109", async () => {
    const { client, requests } = makeClient((request) =>
      isLogin(request) ? loginOk(`s-${requests.length}`) : billError(401, "BDC_1109"),
    );
    await client.sessions.login(CREDENTIALS);
    const error = await client.sessions.details().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe("BDC_1109");
    expect(requests.filter(isLogin)).toHaveLength(2);
    expect(requests).toHaveLength(4);
  });

  it.each(["BDC_1102", "BDC_1103", "BDC_1101", "BDC_9003"])(
    "does not log in again on 401 %s",
    async (code) => {
      const { client, requests } = makeClient((request) =>
        isLogin(request) ? loginOk("s") : billError(401, code),
      );
      await client.sessions.login(CREDENTIALS);
      await expect(client.sessions.details()).rejects.toMatchObject({ status: 401, code });
      expect(requests).toHaveLength(2);
    },
  );

  it("does not log in again when relogin is disabled or no credentials are known", async () => {
    const server = sessionServer();
    const off = makeClient(server.handler, { relogin: false });
    await off.client.sessions.login(CREDENTIALS);
    server.valid.clear();
    await expect(off.client.sessions.details()).rejects.toBeInstanceOf(AuthenticationError);
    expect(off.requests).toHaveLength(2);

    const adopted = makeClient(server.handler);
    adopted.client.useSession("from-elsewhere");
    await expect(adopted.client.sessions.details()).rejects.toBeInstanceOf(AuthenticationError);
    expect(adopted.requests).toHaveLength(1);
  });

  it("never re-logs in for the login call itself", async () => {
    const { client, requests } = makeClient(() => billError(401, "BDC_1109"));
    await expect(client.sessions.login(CREDENTIALS)).rejects.toBeInstanceOf(AuthenticationError);
    expect(requests).toHaveLength(1);
  });

  it.each([3, 10])("concurrent BDC_1109s share one re-login and all replay (cap %i)", async (cap) => {
    const server = sessionServer();
    const gate: Deferred<void> = deferred();
    let gateLogin = false;
    const { client, requests } = makeClient(
      async (request) => {
        if (isLogin(request) && gateLogin) await gate.promise;
        return server.handler(request);
      },
      { maxConcurrentPerOrganization: cap },
    );
    await client.sessions.login(CREDENTIALS);
    server.valid.clear();
    gateLogin = true;
    const calls = Array.from({ length: 5 }, () => client.sessions.details());
    await flush(50);
    expect(requests.filter(isLogin)).toHaveLength(2); // the first login, then one re-login
    gate.resolve();
    const results = await Promise.all(calls);
    expect(results).toEqual(Array(5).fill(SESSION_DETAILS));
    expect(server.logins()).toBe(2);
    const replays = requests.filter((r) => r.headers.get("sessionId") === "sess-2");
    expect(replays).toHaveLength(5);
  });

  it("a BDC_1109 arriving after another caller's re-login replays without a new login", async () => {
    const server = sessionServer();
    const late: Deferred<void> = deferred();
    let holdNext = false;
    const { client } = makeClient(async (request) => {
      if (holdNext && !isLogin(request)) {
        holdNext = false;
        await late.promise; // answered only after the other caller has re-logged in
      }
      return server.handler(request);
    });
    await client.sessions.login(CREDENTIALS);
    server.valid.clear();
    holdNext = true;
    const slow = client.sessions.details();
    await flush();
    await client.sessions.details(); // sees 1109, logs in (sess-2), replays
    late.resolve();
    await expect(slow).resolves.toEqual(SESSION_DETAILS);
    expect(server.logins()).toBe(2);
  });

  it("a rejected re-login is thrown and its credentials are dropped", async () => {
    let loginCode: string | undefined;
    const { client, requests } = makeClient((request) => {
      if (isLogin(request)) return loginCode ? billError(401, loginCode) : loginOk("s1");
      return billError(401, "BDC_1109");
    });
    await client.sessions.login(CREDENTIALS);
    loginCode = "BDC_1101"; // the password was changed meanwhile
    await expect(client.sessions.details()).rejects.toMatchObject({ code: "BDC_1101" });
    await expect(client.sessions.details()).rejects.toMatchObject({ code: "BDC_1109" });
    // No second login attempt: repeating a rejected password would lock the username.
    expect(requests.filter(isLogin)).toHaveLength(2);
  });
});
