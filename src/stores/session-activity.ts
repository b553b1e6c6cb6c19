import type { SessionStore } from "./types/sessions.ts";

export interface BufferedSessionStore extends SessionStore {
  /** Writes every buffered activity time to the underlying store. */
  flush(): Promise<void>;
  /** Stops the timer and flushes what is left. */
  close(): Promise<void>;
  /** Forgets the activity not yet written (a snapshot restore replaces every session). */
  discard(): Promise<void>;
}

/** Runs `write` against the underlying store inside one transaction: all of it lands, or none. */
export type WriteBatch = (write: (store: Pick<SessionStore, "touch">) => Promise<void>) => Promise<void>;

/**
 * Sliding expiry must be exact to the second, but a session check should not cost a
 * synchronous disk write per request. This wrapper keeps the latest activity time of each
 * session in memory (authoritative for this process) and writes it back at most once per
 * `flushIntervalMs`, and at close. A crash loses at most that much idle time, which can only
 * make a session expire earlier, never later.
 */
export function bufferSessionActivity(
  inner: SessionStore,
  flushIntervalMs: number,
  inOneTransaction?: WriteBatch,
): BufferedSessionStore {
  const pending = new Map<string, number>();
  let flushing: Promise<void> | undefined;

  const flush = async (): Promise<void> => {
    if (flushing) await flushing;
    if (pending.size === 0) return;
    const batch = [...pending];
    flushing = (async () => {
      if (inOneTransaction) {
        // One commit for the whole batch: SQLite commits one by one cost a WAL append each and
        // held the event loop for tens of milliseconds per flush with a thousand active sessions.
        await inOneTransaction(async (store) => {
          for (const [id, at] of batch) await store.touch(id, at);
        });
        for (const [id, at] of batch) if (pending.get(id) === at) pending.delete(id);
        return;
      }
      for (const [id, at] of batch) {
        await inner.touch(id, at);
        // Forgotten only once written (a check meanwhile must still see it, or it would judge
        // the session by the older time in the store), and only if nothing later came since.
        // A failed write keeps the rest for the next flush.
        if (pending.get(id) === at) pending.delete(id);
      }
    })();
    try {
      await flushing;
    } finally {
      flushing = undefined;
    }
  };

  const timer =
    flushIntervalMs > 0 ? setInterval(() => void flush().catch(() => {}), flushIntervalMs) : undefined;
  timer?.unref();

  const buffer = (id: string, lastActiveAt: number): true => {
    const previous = pending.get(id);
    if (previous === undefined || lastActiveAt > previous) pending.set(id, lastActiveAt);
    return true;
  };

  const store: BufferedSessionStore = {
    create: (session) => inner.create(session),
    async findByTokenHash(tokenHash) {
      const record = await inner.findByTokenHash(tokenHash);
      if (!record) return undefined;
      const buffered = pending.get(record.id);
      return buffered !== undefined && buffered > record.lastActiveAt
        ? { ...record, lastActiveAt: buffered }
        : record;
    },
    async touch(id, lastActiveAt) {
      if (flushIntervalMs <= 0) return inner.touch(id, lastActiveAt);
      buffer(id, lastActiveAt);
    },
    async deleteById(id) {
      pending.delete(id);
      return inner.deleteById(id);
    },
    deleteWhere: (filter) => inner.deleteWhere(filter),
    async countActiveSince(cutoff, modes) {
      await flush();
      return inner.countActiveSince(cutoff, modes);
    },
    async deleteIdleBefore(cutoff, modes) {
      await flush();
      return inner.deleteIdleBefore(cutoff, modes);
    },
    list: (filter) => inner.list(filter),
    markTrusted: (id) => inner.markTrusted(id),
    ...(flushIntervalMs > 0 ? { touchNow: (id: string, at: number) => buffer(id, at) } : {}),
    flush,
    async close() {
      if (timer) clearInterval(timer);
      await flush();
    },
    async discard() {
      pending.clear();
      // A write-back under way finishes first: what it writes is replaced after it.
      if (flushing) await flushing.catch(() => {});
    },
  };
  return store;
}
