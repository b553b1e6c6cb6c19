import { afterEach, beforeEach, expect, it } from "vitest";
import {
  deactivateDevKey,
  revokeSession,
  setOrganizationLocked,
  setUserArchived,
} from "../../src/auth/accounts/provisioning.ts";
import { hashSecret } from "../../src/auth/crypto/ids.ts";
import { describeEachBackend, tableRows } from "../helpers/backends.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describeEachBackend("sessions", (backend) => {
  let t: TestServer;
  let account: Account;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    account = await provisionAccount(t.deps);
  });
  afterEach(() => t.close());

  const signedIn = async () => {
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    return client;
  };

  it("GET /v3/login/session describes the session", async () => {
    const client = await signedIn();
    expect(await client.sessions.details()).toEqual({
      organizationId: account.organizationId,
      userId: account.userId,
      mfaStatus: "DISABLED",
      mfaBypass: false,
      trusted: false,
    });
  });

  it("requires both headers: each missing one is a BDC_1108", async () => {
    const client = await signedIn();
    const none = await client.rawRequest({ method: "GET", path: "/v3/login/session" });
    expect(none.status).toBe(400);
    expect(none.body).toEqual([
      expect.objectContaining({ code: "BDC_1108", params: [{ name: "paramName0", value: "devKey" }] }),
      expect.objectContaining({ code: "BDC_1108", params: [{ name: "paramName0", value: "sessionId" }] }),
    ]);
    const noDevKey = await client.rawRequest({
      method: "GET",
      path: "/v3/login/session",
      headers: { sessionId: client.sessionId ?? "", devKey: "" },
    });
    expect(noDevKey.body).toEqual([
      expect.objectContaining({ code: "BDC_1108", params: [{ name: "paramName0", value: "devKey" }] }),
    ]);
  });

  it("matches header names case-insensitively", async () => {
    const client = await signedIn();
    const res = await client.rawRequest({
      method: "GET",
      path: "/v3/login/session",
      headers: { SESSIONID: client.sessionId ?? "", DevKey: account.devKey },
    });
    expect(res.status).toBe(200);
  });

  it("binds a session to the devKey it was made with", async () => {
    const client = await signedIn();
    const other = await provisionAccount(t.deps);
    const sessionId = client.sessionId ?? "";
    for (const devKey of [other.devKey, "unknown-key", `${account.devKey}x`]) {
      const res = await client.rawRequest({
        method: "GET",
        path: "/v3/login/session",
        headers: { sessionId, devKey },
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual([
        expect.objectContaining({
          code: "BDC_1109",
          message: "Session is invalid.  Please log in.",
          category: "DOWNSTREAM",
        }),
      ]);
    }
    // A wrong devKey does not end the session for its rightful owner.
    expect((await client.sessions.details()).userId).toBe(account.userId);
  });

  it("expires exactly 35 idle minutes after the last authenticated call", async () => {
    const client = await signedIn();
    t.clock.advance(34 * MINUTE + 59 * SECOND);
    expect((await client.sessions.details()).userId).toBe(account.userId);
    // That call slid the deadline: 34:59 after it the session is still alive...
    t.clock.advance(34 * MINUTE + 59 * SECOND);
    expect((await client.sessions.details()).userId).toBe(account.userId);
    // ...and 35:01 after the last call it is dead, for good.
    t.clock.advance(35 * MINUTE + 1 * SECOND);
    expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");
    t.clock.set(t.clock.now() - 10 * MINUTE);
    expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");
  });

  it("expires at 35:01 but not 34:59 after login when nothing else happened", async () => {
    const alive = await signedIn();
    const dead = await signedIn();
    t.clock.advance(34 * MINUTE + 59 * SECOND);
    await alive.sessions.details();
    t.clock.advance(2 * SECOND);
    expect((await alive.sessions.details()).userId).toBe(account.userId);
    expect((await rejection(dead.sessions.details())).status).toBe(401);
  });

  it("follows a configured idle time and an optional absolute lifetime", async () => {
    await t.close();
    t = await startTestServer({ backend, config: { sessionIdleSeconds: 60, sessionMaxSeconds: 300 } });
    account = await provisionAccount(t.deps);
    const client = await signedIn();
    for (let i = 0; i < 4; i++) {
      t.clock.advance(59 * SECOND);
      await client.sessions.details();
    }
    t.clock.advance(61 * SECOND);
    expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");

    const busy = await signedIn();
    for (let i = 0; i < 5; i++) {
      t.clock.advance(59 * SECOND);
      await busy.sessions.details();
    }
    // 295 s of activity, then the 300 s lifetime ends it however active it is.
    t.clock.advance(5 * SECOND);
    expect((await rejection(busy.sessions.details())).code).toBe("BDC_1109");
  });

  it("logout answers {} and kills the session at once", async () => {
    const client = await signedIn();
    const sessionId = client.sessionId ?? "";
    const res = await client.rawRequest({
      method: "POST",
      path: "/v3/logout",
      headers: { sessionId, devKey: account.devKey },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    client.useSession(sessionId, account.organizationId);
    expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");
    expect((await rejection(client.sessions.logout())).code).toBe("BDC_1109");
  });

  it("logout through the client forgets the session", async () => {
    const client = await signedIn();
    expect(await client.sessions.logout()).toEqual({});
    expect(client.sessionId).toBeNull();
  });

  it("stores only the SHA-256 of a 256-bit session id", async () => {
    const client = await signedIn();
    const sessionId = client.sessionId ?? "";
    expect(Buffer.from(sessionId, "base64url")).toHaveLength(32);
    const sessions = await t.deps.stores.sessions.list({});
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.tokenHash).toBe(hashSecret(sessionId));
    const dump = JSON.stringify(await tableRows(t.databasePath, "sessions"));
    expect(dump).toContain(hashSecret(sessionId));
    expect(dump).not.toContain(sessionId);
    const keys = JSON.stringify(await tableRows(t.databasePath, "dev_keys"));
    expect(keys).not.toContain(account.devKey);
    expect(keys).toContain(hashSecret(account.devKey));
  });

  it("survives a server restart", async () => {
    const client = await signedIn();
    const sessionId = client.sessionId ?? "";
    t.clock.advance(10 * MINUTE);
    await client.sessions.details();
    const { dir, clock, databasePath } = t;
    await t.close({ keepFiles: true });
    t = await startTestServer({ dir, clock, backend, database: databasePath });
    const again = t.client(account.devKey);
    again.useSession(sessionId, account.organizationId);
    expect((await again.sessions.details()).userId).toBe(account.userId);
    // The activity before the restart was kept: 35 minutes after it, not after login.
    t.clock.advance(34 * MINUTE);
    await again.sessions.details();
  });

  it("ends sessions at once when their devKey is deactivated, their org locked or their user archived", async () => {
    const byKey = await signedIn();
    unwrap(await deactivateDevKey(t.deps, account.devKey));
    expect((await rejection(byKey.sessions.details())).code).toBe("BDC_1109");

    const other = await provisionAccount(t.deps);
    const byOrg = t.client(other.devKey);
    await byOrg.sessions.login(loginBody(other));
    unwrap(await setOrganizationLocked(t.deps, other.organizationId, true));
    expect((await rejection(byOrg.sessions.details())).code).toBe("BDC_1109");
    unwrap(await setOrganizationLocked(t.deps, other.organizationId, false));
    // Unlocking does not bring old sessions back.
    expect((await rejection(byOrg.sessions.details())).code).toBe("BDC_1109");

    const third = await provisionAccount(t.deps);
    const byUser = t.client(third.devKey);
    await byUser.sessions.login(loginBody(third));
    unwrap(
      await setUserArchived(t.deps, {
        userId: third.userId,
        organizationId: third.organizationId,
        archived: true,
      }),
    );
    expect((await rejection(byUser.sessions.details())).code).toBe("BDC_1109");
  });

  it("ends one session on an operator's revoke and leaves the others", async () => {
    const first = await signedIn();
    const second = await signedIn();
    const sessions = await t.deps.stores.sessions.list({ organizationId: account.organizationId });
    const target = sessions.find((session) => session.tokenHash === hashSecret(first.sessionId ?? ""));
    unwrap(await revokeSession(t.deps, target?.id ?? ""));
    expect((await rejection(first.sessions.details())).code).toBe("BDC_1109");
    expect((await second.sessions.details()).userId).toBe(account.userId);
  });
});
