/**
 * The session cache is exact: two instances over one store, each keeping the sessions it has
 * checked in memory, and every change made anywhere (the other instance, another connection as
 * the CLI or an operator's SQL makes, a real CLI process) refused by the very next request, on
 * SQLite, PostgreSQL and PostgreSQL + Redis. Checks on B come first in every test, so that B
 * holds the session in memory when the change is made elsewhere.
 */
import Sqlite from "better-sqlite3";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { cliFor } from "../../cli/test-support.ts";
import {
  deactivateDevKey,
  revokeSession,
  setOrganizationLocked,
  setUserArchived,
} from "../../src/auth/accounts/provisioning.ts";
import { hashSecret } from "../../src/auth/crypto/ids.ts";
import type { Config } from "../../src/config.ts";
import { type Backend, tableRows } from "../helpers/backends.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";
import { adminQuery, describePostgres } from "../helpers/postgres.ts";
import { describeRedis, dropRedisKeys, REDIS_URL, testRedisPrefix } from "../helpers/redis.ts";

/** `sqlite-buffered`: B buffers its activity (the default), so B checks without waiting. */
type Setup = "sqlite" | "sqlite-buffered" | "postgres" | "redis";

const prefixes: string[] = [];
afterAll(async () => {
  await dropRedisKeys(prefixes.splice(0));
});

/** Runs SQL on the store as another process would: its own connection, outside billet. */
async function otherConnection(server: TestServer, statement: string): Promise<void> {
  if (server.backend === "postgres") {
    const schema = new URL(server.databasePath).searchParams.get("schema");
    await adminQuery(`set search_path to ${schema}; ${statement}`);
    return;
  }
  const db = new Sqlite(server.databasePath);
  try {
    db.pragma("busy_timeout = 5000");
    db.exec(statement);
  } finally {
    db.close();
  }
}

function cacheSuite(setup: Setup) {
  let a: TestServer;
  let b: TestServer;
  let account: Account;

  beforeEach(async () => {
    const backend: Backend = setup === "sqlite" || setup === "sqlite-buffered" ? "sqlite" : "postgres";
    // SQLite instances share activity through the file: written at once here (PostgreSQL always
    // writes it at once; with Redis, Redis holds it).
    const extra: Partial<Config> = { sessionFlushMs: 0 };
    if (setup === "redis") {
      const prefix = testRedisPrefix();
      prefixes.push(prefix);
      Object.assign(extra, { redisUrl: REDIS_URL ?? null, redisKeyPrefix: prefix });
    }
    a = await startTestServer({ backend, config: extra });
    const onB = setup === "sqlite-buffered" ? {} : extra;
    b = await startTestServer({ backend, database: a.databasePath, clock: a.clock, config: onB });
    // The synchronous check is offered exactly where activity is buffered over a local epoch.
    expect(b.deps.stores.sessions.findKnownByTokenHash !== undefined).toBe(setup === "sqlite-buffered");
    account = await provisionAccount(a.deps);
  });
  afterEach(async () => {
    await b.close({ keepFiles: true });
    await a.close();
  });

  /** A session made on A and checked on B twice (B now answers it from memory). */
  async function cachedOnB() {
    const onA = a.client(account.devKey);
    await onA.sessions.login(loginBody(account));
    const onB = b.client(account.devKey);
    onB.useSession(onA.sessionId ?? "", account.organizationId);
    expect((await onB.sessions.details()).userId).toBe(account.userId);
    expect((await onB.sessions.details()).userId).toBe(account.userId);
    const ref = (await a.deps.stores.sessions.list({})).find(
      (session) => session.tokenHash === hashSecret(onA.sessionId ?? ""),
    )?.id;
    return { onA, onB, ref: ref ?? "" };
  }

  it("refuses on B, at the next request, a session logged out or revoked on A", async () => {
    const first = await cachedOnB();
    await first.onA.sessions.logout();
    expect((await rejection(first.onB.sessions.details())).code).toBe("BDC_1109");

    const second = await cachedOnB();
    unwrap(await revokeSession(a.deps, second.ref));
    expect((await rejection(second.onB.sessions.details())).code).toBe("BDC_1109");
  });

  it("refuses on B a session whose devKey, organization or membership A changed", async () => {
    const archived = await cachedOnB();
    const membership = { userId: account.userId, organizationId: account.organizationId };
    unwrap(await setUserArchived(a.deps, { ...membership, archived: true }));
    expect((await rejection(archived.onB.sessions.details())).code).toBe("BDC_1109");
    unwrap(await setUserArchived(a.deps, { ...membership, archived: false }));

    const locked = await cachedOnB();
    unwrap(await setOrganizationLocked(a.deps, account.organizationId, true));
    expect((await rejection(locked.onB.sessions.details())).code).toBe("BDC_1109");
    unwrap(await setOrganizationLocked(a.deps, account.organizationId, false));

    const deactivated = await cachedOnB();
    unwrap(await deactivateDevKey(a.deps, account.devKeyId));
    expect((await rejection(deactivated.onB.sessions.details())).code).toBe("BDC_1109");
  });

  it("shows on B, at the next request, the trust A recorded for the session", async () => {
    const { onB, ref } = await cachedOnB();
    expect((await onB.sessions.details()).trusted).toBe(false);
    expect(await a.deps.stores.sessions.markTrusted(ref)).toBe(true);
    expect((await onB.sessions.details()).trusted).toBe(true);
  });

  it("refuses on B what another connection changed in the database", async () => {
    const deleted = await cachedOnB();
    await otherConnection(b, `delete from sessions where id = '${deleted.ref}'`);
    expect((await rejection(deleted.onB.sessions.details())).code).toBe("BDC_1109");

    const locked = await cachedOnB();
    await otherConnection(b, `update organizations set locked = 1 where id = '${account.organizationId}'`);
    expect((await rejection(locked.onB.sessions.details())).code).toBe("BDC_1109");
  });

  it("moves the epoch for what a check reads, not for a member's profile or a key's name", async () => {
    const epoch = async () => Number((await tableRows(b.databasePath, "session_epoch"))[0]?.value);
    const { onB } = await cachedOnB();
    const before = await epoch();
    // What a tenant edits freely must not empty every instance's cache for every tenant.
    await otherConnection(
      b,
      `update memberships set first_name = 'Renamed', last_name = 'Member', username = 'renamed' where user_id = '${account.userId}'`,
    );
    await otherConnection(b, `update dev_keys set name = 'renamed key' where id = '${account.devKeyId}'`);
    expect(await epoch()).toBe(before);
    expect((await onB.sessions.details()).userId).toBe(account.userId);
    await otherConnection(b, `update memberships set archived = 1 where user_id = '${account.userId}'`);
    expect(await epoch()).toBeGreaterThan(before);
    expect((await rejection(onB.sessions.details())).code).toBe("BDC_1109");
  });

  it("keeps alive on B a session only A used, and expires it when neither did", async () => {
    const { onA, onB } = await cachedOnB();
    const MINUTE = 60_000;
    // B last saw it at login; A keeps it alive. B must not judge it by what it remembers.
    a.clock.advance(30 * MINUTE);
    await onA.sessions.details();
    a.clock.advance(30 * MINUTE);
    expect((await onB.sessions.details()).userId).toBe(account.userId);
    a.clock.advance(35 * MINUTE + 1000);
    expect((await rejection(onB.sessions.details())).code).toBe("BDC_1109");
    expect((await rejection(onA.sessions.details())).code).toBe("BDC_1109");
  });

  it("gives the slot back before the answer: three callers alternating A and B never see 422", async () => {
    const { onA } = await cachedOnB();
    const sessionId = onA.sessionId ?? "";
    // A slow store: each slot comes back 30 ms after it is asked for.
    for (const server of [a, b]) {
      const limits = server.deps.stores.limits;
      const release = limits.release.bind(limits);
      limits.release = async (key, lease) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return release(key, lease);
      };
    }
    const statuses: number[] = [];
    // Each caller sends its next call the moment it has read the previous answer, to the other
    // instance: the slot of that answer must already be back in the shared store.
    const caller = async (start: number) => {
      for (let i = start; i < start + 10; i++) {
        const server = i % 2 === 0 ? a : b;
        const response = await fetch(`${server.baseUrl}/v3/login/session`, {
          headers: { devKey: account.devKey, sessionId },
        });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
    };
    await Promise.all([caller(0), caller(1), caller(2)]);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(statuses).toHaveLength(30);
  });

  it("refuses every check sent after a logout's answer, while checks are in flight on B", async () => {
    const { onA, onB } = await cachedOnB();
    const sessionId = onA.sessionId ?? "";
    let acknowledged = false;
    const outcomes: { sentAfter: boolean; status: number }[] = [];
    // Two loops and the logout: the in-flight cap of (devKey, organization) is 3.
    const loop = async () => {
      for (let i = 0; i < 40; i++) {
        const sentAfter = acknowledged;
        const response = await fetch(`${b.baseUrl}/v3/login/session`, {
          headers: { devKey: account.devKey, sessionId },
        });
        await response.arrayBuffer();
        outcomes.push({ sentAfter, status: response.status });
        if (sentAfter && response.status === 401) return;
      }
    };
    const loops = [loop(), loop()];
    // Let the checks run, then log out on A while they are in flight.
    while (outcomes.length < 4) await new Promise((resolve) => setImmediate(resolve));
    await onA.sessions.logout();
    acknowledged = true;
    await Promise.all(loops);
    const after = outcomes.filter((outcome) => outcome.sentAfter);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((outcome) => outcome.status === 401)).toBe(true);
    // Before the answer, a check was either served or refused: never an error.
    expect(outcomes.filter((outcome) => outcome.status !== 200 && outcome.status !== 401)).toEqual([]);
    expect((await rejection(onB.sessions.details())).code).toBe("BDC_1109");
  });
}

describe("the session cache on SQLite", () => {
  cacheSuite("sqlite");
});
describe("the session cache on SQLite, B checking without waiting (its activity buffered)", () => {
  cacheSuite("sqlite-buffered");
});
describePostgres("the session cache on PostgreSQL", () => {
  cacheSuite("postgres");
});
describeRedis("the session cache on PostgreSQL + Redis", () => {
  cacheSuite("redis");
});

describe("the session cache and the CLI in another process", { timeout: 60_000 }, () => {
  it("refuses at the next request a session whose devKey `billet devkey deactivate` ended", async () => {
    const server = await startTestServer();
    try {
      const account = await provisionAccount(server.deps);
      const client = server.client(account.devKey);
      await client.sessions.login(loginBody(account));
      expect((await client.sessions.details()).userId).toBe(account.userId);
      expect((await client.sessions.details()).userId).toBe(account.userId);
      const result = await cliFor(server.databasePath)("devkey", "deactivate", account.devKeyId);
      expect(result.code).toBe(0);
      expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");
    } finally {
      await server.close();
    }
  });
});
