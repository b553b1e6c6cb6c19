import { memoryLimitStore } from "./memory/limits.ts";
import type { Counter, LimitStore } from "./types/limits.ts";

export interface BufferedLimitStore extends LimitStore {
  /** Writes every buffered count and reset to the underlying store. */
  flush(): Promise<void>;
  /** Stops the timer and flushes what is left. */
  close(): Promise<void>;
  /**
   * Forgets every count in memory, written or not (a snapshot restore replaces the stored
   * ones); the slots of requests in flight stay held.
   */
  discard(): Promise<void>;
}

interface Entry {
  count: number;
  expiresAt: number;
  /** Hits of the current window not yet written to the underlying store. */
  pending: number;
  /** A reset not yet written to the underlying store. */
  resetPending: boolean;
  /** `now` of the latest hit: the time at which the pending hits are written. */
  lastNow: number;
  /** Used since the last flush. Idle, written entries are dropped and read again on demand. */
  touched: boolean;
}

const entryOf = (counter: Counter | undefined): Entry => ({
  count: counter?.count ?? 0,
  expiresAt: counter?.expiresAt ?? 0,
  pending: 0,
  resetPending: false,
  lastNow: 0,
  touched: true,
});

/**
 * Every request counts toward the hourly budget and takes an in-flight slot, and a synchronous
 * SQLite write costs more than the rest of a session check (about 200 µs per counter write
 * against 60 µs for the session read, measured on the development machine; in memory, under
 * 1 µs). So, as for session activity (design convention 3), one server process keeps the
 * authoritative counts in memory and writes them back at most once per `flushIntervalMs` (and
 * at close), as increments, so that `billet limits` in another process sees them and a
 * restart continues the hour where it was. A crash loses at most that much counting.
 *
 * In-flight slots live only in this process's memory: a slot never outlives the request, and
 * the request never outlives the process. `countHeld` adds the underlying store's slots, which
 * is where a write-through server (flush interval 0) keeps them, so that the CLI reads either.
 *
 * Exact within one process: after a key is loaded, every operation is synchronous. Only one
 * process may buffer a given store; several processes share a store unbuffered (or Redis).
 */
export function bufferLimits(inner: LimitStore, flushIntervalMs: number): BufferedLimitStore {
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<void>>();
  const slots = memoryLimitStore();
  let flushing: Promise<void> | undefined;

  /** Reads a key that is not in memory; concurrent callers share one read. */
  const load = (key: string, now: number): Promise<void> => {
    let pending = loading.get(key);
    if (!pending) {
      pending = inner
        .peek(key, now)
        .then((counter) => {
          if (!entries.has(key)) entries.set(key, entryOf(counter));
        })
        .finally(() => loading.delete(key));
      loading.set(key, pending);
    }
    return pending;
  };

  /** Writes what changed, then forgets entries nobody used since the previous flush. */
  const writeBack = async (): Promise<void> => {
    for (const [key, entry] of entries) {
      if (entry.resetPending) {
        entry.resetPending = false;
        try {
          await inner.reset(key);
        } catch (error) {
          entry.resetPending = true;
          throw error;
        }
      }
      if (entry.pending > 0) {
        const by = entry.pending;
        entry.pending = 0;
        try {
          await inner.hit(key, entry.expiresAt, entry.lastNow, by);
        } catch (error) {
          entry.pending += by;
          throw error;
        }
      }
    }
    for (const [key, entry] of entries) {
      if (!entry.touched && entry.pending === 0 && !entry.resetPending) entries.delete(key);
      else entry.touched = false;
    }
  };

  const flush = async (): Promise<void> => {
    // Wait for a flush in progress; its failure is its caller's, this one writes what is left.
    while (flushing) await flushing.catch(() => {});
    flushing = writeBack();
    try {
      await flushing;
    } finally {
      flushing = undefined;
    }
  };

  const timer =
    flushIntervalMs > 0 ? setInterval(() => void flush().catch(() => {}), flushIntervalMs) : undefined;
  timer?.unref();

  /** A hit on a loaded entry: synchronous, so concurrent callers on one event loop are exact. */
  const hitEntry = (entry: Entry, expiresAt: number, now: number, by: number): Counter => {
    if (entry.expiresAt <= now) {
      // A new window: hits of the old one that were never written no longer matter.
      entry.count = by;
      entry.expiresAt = expiresAt;
      entry.pending = by;
    } else {
      entry.count += by;
      entry.pending += by;
    }
    entry.lastNow = Math.max(entry.lastNow, now);
    entry.touched = true;
    return { count: entry.count, expiresAt: entry.expiresAt };
  };
  return {
    async hit(key, expiresAt, now, by = 1) {
      let entry = entries.get(key);
      // Looked up again after each wait, and changed without awaiting anything after that.
      while (entry === undefined) {
        await load(key, now);
        entry = entries.get(key);
      }
      return hitEntry(entry, expiresAt, now, by);
    },
    spendNow(spent, slot) {
      // Only a key already in memory answers at once; the first hit of a key reads the store.
      const entry = entries.get(spent.key);
      if (entry === undefined) return undefined;
      const counter = hitEntry(entry, spent.expiresAt, spent.now, 1);
      if (spent.limit > 0 && counter.count > spent.limit) return { counter, acquired: false };
      return {
        counter,
        acquired: slots.acquireNow(slot.key, slot.lease, slot.limit, slot.leaseExpiresAt, spent.now),
      };
    },
    releaseNow: (key, lease) => slots.releaseNow(key, lease),
    async peek(key, now) {
      let entry = entries.get(key);
      while (entry === undefined) {
        await load(key, now);
        entry = entries.get(key);
      }
      entry.touched = true;
      return entry.count > 0 && entry.expiresAt > now
        ? { count: entry.count, expiresAt: entry.expiresAt }
        : undefined;
    },
    async reset(key) {
      // Known to be empty from now on, without reading; the delete is written with the rest.
      entries.set(key, { ...entryOf(undefined), resetPending: true });
    },
    acquire: (key, lease, limit, leaseExpiresAt, now) =>
      slots.acquire(key, lease, limit, leaseExpiresAt, now),
    release: (key, lease) => slots.release(key, lease),
    async countHeld(prefix, now) {
      const totals = new Map<string, number>();
      for (const source of await Promise.all([slots.countHeld(prefix, now), inner.countHeld(prefix, now)])) {
        for (const { key, held } of source) totals.set(key, (totals.get(key) ?? 0) + held);
      }
      return [...totals].map(([key, held]) => ({ key, held })).sort((a, b) => a.key.localeCompare(b.key));
    },
    flush,
    async close() {
      if (timer) clearInterval(timer);
      await flush();
    },
    async discard() {
      while (flushing) await flushing.catch(() => {});
      entries.clear();
    },
  };
}
