/**
 * Per-organization concurrency cap. BILL answers `BDC_1322` at once (no queueing) when more
 * than 3 requests of one (devKey, organization) are in flight, so the client queues the
 * extra calls itself instead of provoking that error.
 */
import { APIUserAbortError } from "../errors.ts";

/** Gives the slot back; calling it more than once is harmless. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
}

interface Lane {
  active: number;
  queue: Waiter[];
}

/**
 * At most `max` holders per key at once; the rest wait in FIFO order.
 *
 * @example
 * const limiter = new ConcurrencyLimiter(3);
 * const release = await limiter.acquire("00801...");
 * try {
 *   await fetch(url);
 * } finally {
 *   release();
 * }
 */
export class ConcurrencyLimiter {
  readonly #max: number;
  readonly #lanes = new Map<string, Lane>();

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`maxConcurrentPerOrganization must be a positive integer, got ${max}`);
    }
    this.#max = max;
  }

  /** Number of holders of `key` right now (for tests and diagnostics). */
  active(key: string): number {
    return this.#lanes.get(key)?.active ?? 0;
  }

  /** Number of callers of `key` waiting for a slot. */
  waiting(key: string): number {
    return this.#lanes.get(key)?.queue.length ?? 0;
  }

  /**
   * Resolves with a release function once a slot of `key` is free. A waiting caller whose
   * `signal` fires leaves the queue and is rejected with `APIUserAbortError`.
   */
  acquire(key: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(new APIUserAbortError());
    const lane = this.#lane(key);
    if (lane.active < this.#max) {
      lane.active++;
      return Promise.resolve(this.#releaser(key, lane));
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const index = lane.queue.indexOf(waiter);
        if (index >= 0) lane.queue.splice(index, 1);
        this.#dropIfIdle(key, lane);
        reject(new APIUserAbortError());
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
      };
      lane.queue.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  #lane(key: string): Lane {
    let lane = this.#lanes.get(key);
    if (!lane) {
      lane = { active: 0, queue: [] };
      this.#lanes.set(key, lane);
    }
    return lane;
  }

  #releaser(key: string, lane: Lane): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = lane.queue.shift();
      if (next) {
        // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
        next.grant(this.#releaser(key, lane));
      } else {
        lane.active--;
        this.#dropIfIdle(key, lane);
      }
    };
  }

  #dropIfIdle(key: string, lane: Lane): void {
    if (lane.active === 0 && lane.queue.length === 0 && this.#lanes.get(key) === lane) {
      this.#lanes.delete(key);
    }
  }
}
