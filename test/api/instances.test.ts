/**
 * Two servers over one PostgreSQL schema, as behind a load balancer: whatever happens on one
 * holds on the other at its very next request. (Both run in this process with one settable
 * clock, so that idle expiry is tested exactly; the two-process fleet test comes with Redis.)
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  revokeSession,
  setOrganizationLocked,
  setUserArchived,
} from "../../src/auth/accounts/provisioning.ts";
import { hashSecret } from "../../src/auth/crypto/ids.ts";
import { createSettableClock } from "../../src/clock.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";
import { describePostgres, testSchema } from "../helpers/postgres.ts";

const MINUTE = 60_000;

describePostgres("several instances on one database", () => {
  let a: TestServer;
  let b: TestServer;
  let account: Account;

  beforeEach(async () => {
    const clock = createSettableClock(Date.UTC(2026, 10, 29, 10, 0, 0));
    const database = testSchema().url;
    // A long flush interval is asked for: on a shared database it must not delay activity.
    const config = { sessionFlushMs: 60_000 };
    a = await startTestServer({ backend: "postgres", database, clock, config });
    b = await startTestServer({ backend: "postgres", database, clock, config });
    account = await provisionAccount(a.deps);
  });
  afterEach(async () => {
    await b.close({ keepFiles: true });
    await a.close();
  });

  /** A session made on A, and the same session used through B. */
  async function sessionOnBoth() {
    const onA = a.client(account.devKey);
    await onA.sessions.login(loginBody(account));
    const onB = b.client(account.devKey);
    onB.useSession(onA.sessionId ?? "", account.organizationId);
    return { onA, onB };
  }

  it("accepts on B a session made on A", async () => {
    const { onB } = await sessionOnBoth();
    expect((await onB.sessions.details()).userId).toBe(account.userId);
  });

  it("measures idle expiry from the last call on either instance", async () => {
    const { onA, onB } = await sessionOnBoth();
    a.clock.advance(34 * MINUTE);
    await onA.sessions.details();
    // 68 minutes after login, 34 after the call on A: alive on B.
    a.clock.advance(34 * MINUTE);
    expect((await onB.sessions.details()).userId).toBe(account.userId);
    a.clock.advance(34 * MINUTE);
    expect((await onA.sessions.details()).userId).toBe(account.userId);
    a.clock.advance(35 * MINUTE + 1000);
    expect((await rejection(onB.sessions.details())).code).toBe("BDC_1109");
    expect((await rejection(onA.sessions.details())).code).toBe("BDC_1109");
  });

  it("refuses on B, at the next request, a session logged out or revoked on A", async () => {
    const first = await sessionOnBoth();
    await first.onA.sessions.logout();
    expect((await rejection(first.onB.sessions.details())).code).toBe("BDC_1109");

    const second = await sessionOnBoth();
    const sessions = await a.deps.stores.sessions.list({});
    const ref = sessions.find((s) => s.tokenHash === hashSecret(second.onB.sessionId ?? ""))?.id;
    unwrap(await revokeSession(a.deps, ref ?? ""));
    expect((await rejection(second.onB.sessions.details())).code).toBe("BDC_1109");
  });

  it("refuses on B, at the next request, a session whose user A archived or organization A locked", async () => {
    const archived = await sessionOnBoth();
    const membership = { userId: account.userId, organizationId: account.organizationId };
    unwrap(await setUserArchived(a.deps, { ...membership, archived: true }));
    expect((await rejection(archived.onB.sessions.details())).code).toBe("BDC_1109");
    unwrap(await setUserArchived(a.deps, { ...membership, archived: false }));

    const locked = await sessionOnBoth();
    unwrap(await setOrganizationLocked(a.deps, account.organizationId, true));
    expect((await rejection(locked.onB.sessions.details())).code).toBe("BDC_1109");
  });

  it("shares the lockout count: failures on A and B add up", async () => {
    const attempt = (server: TestServer, password: string) =>
      server.client(account.devKey).sessions.login({ ...loginBody(account), password });
    for (let i = 0; i < 5; i++) {
      expect((await rejection(attempt(a, "wrong"))).code).toBe("BDC_1101");
      expect((await rejection(attempt(b, "wrong"))).code).toBe("BDC_1101");
    }
    expect((await rejection(attempt(a, account.password))).code).toBe("BDC_1110");
    expect((await rejection(attempt(b, account.password))).code).toBe("BDC_1110");
  });
});
