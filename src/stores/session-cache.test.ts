import { describe, expect, it } from "vitest";
import { cacheSessions, sharedEpochReads } from "./session-cache.ts";
import type { SessionRecord, SessionStore } from "./types/sessions.ts";

const record = (n: number): SessionRecord => ({
  id: `0se01${String(n).padStart(15, "0")}`,
  tokenHash: `hash-${n}`,
  userId: "0061",
  organizationId: "0081",
  devKeyId: "0dk1",
  trusted: false,
  partnerId: null,
  createdAt: 1000,
  lastActiveAt: 1000,
  mode: "password",
  credentialId: null,
  scope: null,
  expiresAt: null,
  devKeyHash: "dk",
  devKeyActive: true,
  mfaBypass: false,
  organizationLocked: false,
  organizationMfaRequired: false,
  membershipArchived: false,
});

/** A store over a map that counts its reads; the "database" a test changes behind the cache. */
function countingStore(rows: SessionRecord[]) {
  const byHash = new Map(rows.map((row) => [row.tokenHash, { ...row }]));
  const reads: string[] = [];
  const touches: [string, number][] = [];
  const store: SessionStore = {
    create: async () => {},
    findByTokenHash: async (hash) => {
      reads.push(hash);
      const row = byHash.get(hash);
      return row ? { ...row } : undefined;
    },
    touch: async (id, at) => {
      touches.push([id, at]);
    },
    deleteById: async () => true,
    deleteWhere: async () => 0,
    deleteIdleBefore: async () => 0,
    countActiveSince: async () => 0,
    list: async () => [],
    markTrusted: async () => true,
  };
  return { store, byHash, reads, touches };
}

describe("the session cache", () => {
  it("reads the store once while the epoch holds, and again once it moves", async () => {
    const db = countingStore([record(1)]);
    let epoch = 7;
    const cached = cacheSessions(db.store, () => epoch);
    expect((await cached.findByTokenHash("hash-1"))?.id).toBe(record(1).id);
    expect((await cached.findByTokenHash("hash-1"))?.id).toBe(record(1).id);
    expect(db.reads).toEqual(["hash-1"]);

    // The database changed (its triggers moved the epoch): the next lookup sees the change.
    db.byHash.get("hash-1")!.devKeyActive = false;
    epoch = 8;
    expect((await cached.findByTokenHash("hash-1"))?.devKeyActive).toBe(false);
    expect(db.reads).toEqual(["hash-1", "hash-1"]);
  });

  it("never caches what was read under an epoch that moved while the read was on its way", async () => {
    const db = countingStore([record(1)]);
    let epoch = 1;
    let interfered = false;
    const cached = cacheSessions(
      {
        ...db.store,
        findByTokenHash: async (hash) => {
          const found = await db.store.findByTokenHash(hash);
          if (!interfered) {
            // Another lookup sees a newer epoch while this read is on its way.
            interfered = true;
            epoch = 2;
            await cached.findByTokenHash("hash-none");
          }
          return found;
        },
      },
      () => epoch,
    );
    await cached.findByTokenHash("hash-1");
    db.reads.length = 0;
    await cached.findByTokenHash("hash-1");
    expect(db.reads).toContain("hash-1");
  });

  it("does not remember a session the store does not have", async () => {
    const db = countingStore([]);
    const cached = cacheSessions(db.store, () => 1);
    expect(await cached.findByTokenHash("hash-9")).toBeUndefined();
    db.byHash.set("hash-9", record(9));
    expect((await cached.findByTokenHash("hash-9"))?.id).toBe(record(9).id);
  });

  it("keeps its own activity on the cached record and passes every touch on", async () => {
    const db = countingStore([record(1)]);
    const cached = cacheSessions(db.store, () => 1);
    await cached.findByTokenHash("hash-1");
    await cached.touch(record(1).id, 5000);
    await cached.touch(record(1).id, 4000);
    expect((await cached.findByTokenHash("hash-1"))?.lastActiveAt).toBe(5000);
    expect(db.touches).toEqual([
      [record(1).id, 5000],
      [record(1).id, 4000],
    ]);
  });

  it("reads the store itself when asked for a fresh record, and keeps that one", async () => {
    const db = countingStore([record(1)]);
    const cached = cacheSessions(db.store, () => 1);
    await cached.findByTokenHash("hash-1");
    db.byHash.get("hash-1")!.lastActiveAt = 9000;
    expect((await cached.findByTokenHash("hash-1", { fresh: true }))?.lastActiveAt).toBe(9000);
    expect((await cached.findByTokenHash("hash-1"))?.lastActiveAt).toBe(9000);
    expect(db.reads).toEqual(["hash-1", "hash-1"]);
  });

  it("forgets a session it deletes or marks trusted, whatever the epoch does", async () => {
    const db = countingStore([record(1), record(2)]);
    const cached = cacheSessions(db.store, () => 1);
    await cached.findByTokenHash("hash-1");
    await cached.findByTokenHash("hash-2");
    await cached.deleteById(record(1).id);
    await cached.markTrusted(record(2).id);
    await cached.findByTokenHash("hash-1");
    await cached.findByTokenHash("hash-2");
    expect(db.reads).toEqual(["hash-1", "hash-2", "hash-1", "hash-2"]);
  });

  it("holds at most its bound, dropping the oldest", async () => {
    const db = countingStore([record(1), record(2), record(3)]);
    const cached = cacheSessions(db.store, () => 1, 2);
    for (const n of [1, 2, 3]) await cached.findByTokenHash(`hash-${n}`);
    db.reads.length = 0;
    for (const n of [3, 2, 1]) await cached.findByTokenHash(`hash-${n}`);
    expect(db.reads).toEqual(["hash-1"]);
  });

  it("fails the lookup when the epoch cannot be read", async () => {
    const db = countingStore([record(1)]);
    const cached = cacheSessions(db.store, () => Promise.reject(new Error("database unavailable")));
    await expect(cached.findByTokenHash("hash-1")).rejects.toThrow("database unavailable");
    expect(db.reads).toEqual([]);
  });
});

describe("shared epoch reads", () => {
  /** A read the test answers by hand, recording when each read began. */
  function manualReads() {
    const pending: ((value: number) => void)[] = [];
    const read = () => new Promise<number>((resolve) => pending.push(resolve));
    return { read, pending };
  }

  it("serves every caller that arrives during a read with one read that starts after it", async () => {
    const { read, pending } = manualReads();
    const epoch = sharedEpochReads(read);
    const first = epoch();
    // These arrive while the first read is on its way: it may predate what they have seen.
    const second = epoch();
    const third = epoch();
    expect(pending).toHaveLength(1);
    pending[0]?.(1);
    expect(await first).toBe(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(pending).toHaveLength(2);
    pending[1]?.(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
  });

  it("starts a read at once when none is on its way", async () => {
    const { read, pending } = manualReads();
    const epoch = sharedEpochReads(read);
    const first = epoch();
    pending[0]?.(4);
    await first;
    const later = epoch();
    expect(pending).toHaveLength(2);
    pending[1]?.(5);
    expect(await later).toBe(5);
  });

  it("passes a failed read to its callers and recovers on the next", async () => {
    let fail = true;
    const epoch = sharedEpochReads(async () => {
      if (fail) throw new Error("connection lost");
      return 3;
    });
    await expect(epoch()).rejects.toThrow("connection lost");
    fail = false;
    expect(await epoch()).toBe(3);
  });
});

describe("the session cache without waiting (findKnownByTokenHash, touchNow)", () => {
  /** The counting store with activity buffered in memory, as SQLite's is. */
  const buffering = (rows: SessionRecord[]) => {
    const db = countingStore(rows);
    const buffered: [string, number][] = [];
    db.store.touchNow = (id, at) => {
      buffered.push([id, at]);
      return true;
    };
    return { ...db, buffered };
  };

  it("is offered only over a local epoch and buffered activity", () => {
    expect(
      cacheSessions(buffering([]).store, () => 1, 10, { epochIsLocal: true }).findKnownByTokenHash,
    ).toBeDefined();
    // A round-trip epoch (PostgreSQL): a synchronous try would start a read it cannot wait for.
    expect(cacheSessions(buffering([]).store, () => 1, 10).findKnownByTokenHash).toBeUndefined();
    // Activity written through: the check must wait for the write.
    expect(
      cacheSessions(countingStore([]).store, () => 1, 10, { epochIsLocal: true }).touchNow,
    ).toBeUndefined();
  });

  it("answers what it read under the same epoch, never a record the epoch has moved past", async () => {
    const db = buffering([record(1)]);
    let epoch = 1;
    const cached = cacheSessions(db.store, () => epoch, 10, { epochIsLocal: true });
    // Never read: not known, and asking reads nothing.
    expect(cached.findKnownByTokenHash?.("hash-1")).toBeUndefined();
    expect(db.reads).toEqual([]);
    await cached.findByTokenHash("hash-1");
    expect(cached.findKnownByTokenHash?.("hash-1")?.id).toBe(record(1).id);
    // Revoked elsewhere: the epoch moved, so the cache knows nothing any more.
    epoch = 2;
    db.byHash.delete("hash-1");
    expect(cached.findKnownByTokenHash?.("hash-1")).toBeUndefined();
    expect(await cached.findByTokenHash("hash-1")).toBeUndefined();
  });

  it("buffers activity at once and applies it to the cached record", async () => {
    const db = buffering([record(1)]);
    const cached = cacheSessions(db.store, () => 1, 10, { epochIsLocal: true });
    await cached.findByTokenHash("hash-1");
    expect(cached.touchNow?.(record(1).id, 5000)).toBe(true);
    expect(db.buffered).toEqual([[record(1).id, 5000]]);
    expect(db.touches).toEqual([]);
    expect(cached.findKnownByTokenHash?.("hash-1")?.lastActiveAt).toBe(5000);
  });
});
