import type { SessionRecord, SessionStore } from "./types/sessions.ts";

/**
 * The session epoch as this process can read it: synchronously (SQLite, one local read) or
 * with a round trip (PostgreSQL).
 */
export type EpochReader = () => number | Promise<number>;

/** Sessions kept at most; the oldest read goes first. A hot set is far smaller. */
export const SESSION_CACHE_ENTRIES = 100_000;

interface Entry {
  record: SessionRecord;
  epoch: number;
}

/**
 * An in-process cache of the session checks' reads, exact by construction. The database moves
 * one counter, the session epoch (migrations 016, 017), whenever anything a check relies on
 * changes: a session deleted or re-trusted, what a check reads of a developer key, organization
 * or membership changed,
 * whoever made the change (this process, another instance, the CLI, plain SQL). Every lookup
 * reads the epoch first; a record read under the same epoch is still exactly what the store
 * would answer, activity time aside. Any other epoch and the store is read again. So a logout,
 * revocation, archive, lock or deactivation acknowledged anywhere is refused by the next
 * request on every instance: its epoch read starts after the change was committed.
 *
 * Activity is the one field the epoch does not cover: this process's own touches are applied
 * to the cached record, other instances' are not, so a cached activity time may be older than
 * the store's, never newer. A session that looks alive from the cache is therefore alive; one
 * that looks idle must be read again (`fresh`) before it is refused (sessions.ts does).
 */
export function cacheSessions(
  inner: SessionStore,
  readEpoch: EpochReader,
  maxEntries = SESSION_CACHE_ENTRIES,
  options: { epochIsLocal?: boolean } = {},
): SessionStore {
  const byHash = new Map<string, Entry>();
  const hashById = new Map<string, string>();
  /** The latest epoch seen; entries of any other are dropped when it moves. */
  let current = Number.NaN;

  const observe = (epoch: number): void => {
    if (epoch === current) return;
    current = epoch;
    byHash.clear();
    hashById.clear();
  };

  const forget = (id: string): void => {
    const hash = hashById.get(id);
    if (hash === undefined) return;
    hashById.delete(id);
    byHash.delete(hash);
  };

  const remember = (record: SessionRecord, epoch: number): void => {
    // Read under an epoch that has moved on meanwhile: it may already be stale.
    if (epoch !== current) return;
    if (byHash.size >= maxEntries) {
      const oldest = byHash.keys().next().value as string;
      const entry = byHash.get(oldest);
      byHash.delete(oldest);
      if (entry) hashById.delete(entry.record.id);
    }
    byHash.set(record.tokenHash, { record, epoch });
    hashById.set(record.id, record.tokenHash);
  };

  /** This process's own activity, applied to the cached record. */
  const advance = (id: string, lastActiveAt: number): void => {
    const hash = hashById.get(id);
    const entry = hash === undefined ? undefined : byHash.get(hash);
    // Callers get the cached object itself; only this field ever changes on it, forward.
    if (entry && entry.record.lastActiveAt < lastActiveAt) entry.record.lastActiveAt = lastActiveAt;
  };

  const lookup = async (
    tokenHash: string,
    epoch: number,
    fresh: boolean,
  ): Promise<SessionRecord | undefined> => {
    observe(epoch);
    const entry = byHash.get(tokenHash);
    if (entry !== undefined) {
      if (!fresh) return entry.record;
      forget(entry.record.id);
    }
    const record = await inner.findByTokenHash(tokenHash);
    if (record) remember(record, epoch);
    return record;
  };

  const store: SessionStore = {
    create: (session) => inner.create(session),
    findByTokenHash(tokenHash, options) {
      const fresh = options?.fresh === true;
      const epoch = readEpoch();
      return typeof epoch === "number"
        ? lookup(tokenHash, epoch, fresh)
        : epoch.then((e) => lookup(tokenHash, e, fresh));
    },
    touch(id, lastActiveAt) {
      advance(id, lastActiveAt);
      return inner.touch(id, lastActiveAt);
    },
    deleteById(id) {
      forget(id);
      return inner.deleteById(id);
    },
    deleteWhere: (filter) => inner.deleteWhere(filter),
    deleteIdleBefore: (cutoff, modes) => inner.deleteIdleBefore(cutoff, modes),
    countActiveSince: (cutoff, modes) => inner.countActiveSince(cutoff, modes),
    list: (filter) => inner.list(filter),
    markTrusted(id) {
      forget(id);
      return inner.markTrusted(id);
    },
  };
  // Answers without waiting only where the epoch is one local read and activity is buffered in
  // memory (SQLite): elsewhere a synchronous try would start a round trip it cannot wait for.
  const innerTouchNow = inner.touchNow?.bind(inner);
  if (options.epochIsLocal && innerTouchNow) {
    store.findKnownByTokenHash = (tokenHash) => {
      const epoch = readEpoch();
      if (typeof epoch !== "number") return undefined;
      observe(epoch);
      return byHash.get(tokenHash)?.record;
    };
    store.touchNow = (id, lastActiveAt) => {
      if (!innerTouchNow(id, lastActiveAt)) return false;
      advance(id, lastActiveAt);
      return true;
    };
  }
  return store;
}

/**
 * An epoch read with a round trip, shared: the callers that arrive while one read is on its way
 * wait for the next, which starts when it returns, so under load one round trip serves a whole
 * batch of requests. Each caller still gets a value read after it asked, which is what makes
 * the cache exact: a read that began before the caller arrived could predate a change the
 * caller has already seen acknowledged.
 */
export function sharedEpochReads(read: () => Promise<number>): () => Promise<number> {
  let inFlight: Promise<number> | undefined;
  let next: Promise<number> | undefined;
  const start = (): Promise<number> => {
    const reading = read().finally(() => {
      if (inFlight === reading) inFlight = undefined;
    });
    inFlight = reading;
    return reading;
  };
  return () => {
    if (next) return next;
    if (!inFlight) return start();
    const settled = inFlight.then(
      () => undefined,
      () => undefined,
    );
    next = settled.then(() => {
      next = undefined;
      return start();
    });
    return next;
  };
}
