import type { Redis } from "ioredis";
import { bufferSessionActivity } from "../session-activity.ts";
import type { IdleSessionSweep } from "../sql/sessions.ts";
import type { SessionStore } from "../types/sessions.ts";
import { luaScript } from "./client.ts";

export interface RedisSessionStore extends SessionStore {
  /** Writes this process's pending activity back to PostgreSQL. */
  flush(): Promise<void>;
  /** Stops the write-back timer and flushes what is left. */
  close(): Promise<void>;
  /** Forgets the activity not yet written back (a snapshot restore replaces every session). */
  discard(): Promise<void>;
}

export interface RedisSessionOptions {
  /** The PostgreSQL session store (write-through). */
  inner: SessionStore;
  sweep: IdleSessionSweep;
  redis: Redis;
  prefix: string;
  /** How long an activity key lives after its last write: a little beyond the idle expiry. */
  activityTtlMs: number;
  /** How often this process writes the activity it recorded back to PostgreSQL; 0 = at once. */
  writeBackMs: number;
}

// Activity only moves forward, whichever instance writes last.
const TOUCH = luaScript(`
local current = redis.call('GET', KEYS[1])
if current == false or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1
`);

const SWEEP_BATCH = 500;

/**
 * Sessions for a fleet with Redis (design conventions 3 and section 6). PostgreSQL keeps the
 * session rows: a missing row is authoritative, so a logout, revoke, archive or lock on one
 * instance is refused by every other at its next request. Redis keeps the latest activity of
 * each session (`PREFIX s:REF`, REF the public `0se…` reference, never the secret), written by
 * every authenticated call, so that idle expiry is exact across instances without a database
 * write per request. A check reads both and uses the later time.
 *
 * Each instance also writes the activity it recorded back to PostgreSQL every `writeBackMs`
 * (and at close), so that operator lists stay roughly current and a lost Redis can only make a
 * session expire earlier, never bring a dead one back.
 */
export function redisSessionStore(options: RedisSessionOptions): RedisSessionStore {
  const { redis, prefix, sweep } = options;
  const inner = bufferSessionActivity(options.inner, options.writeBackMs);
  const activityKey = (id: string) => `${prefix}s:${id}`;
  const ttl = String(options.activityTtlMs);

  /** The activity times Redis holds for these sessions (undefined where it has none). */
  const activityOf = async (ids: readonly string[]): Promise<(number | undefined)[]> => {
    if (ids.length === 0) return [];
    const values = await redis.mget(...ids.map(activityKey));
    return values.map((value) => (value === null ? undefined : Number(value)));
  };

  return {
    create: (session) => inner.create(session),
    async findByTokenHash(tokenHash) {
      const record = await inner.findByTokenHash(tokenHash);
      if (!record) return undefined;
      const [latest] = await activityOf([record.id]);
      return latest !== undefined && latest > record.lastActiveAt
        ? { ...record, lastActiveAt: latest }
        : record;
    },
    async touch(id, lastActiveAt) {
      await TOUCH(redis, [activityKey(id)], [String(lastActiveAt), ttl]);
      await inner.touch(id, lastActiveAt);
    },
    async deleteById(id) {
      const deleted = await inner.deleteById(id);
      // The row was the authority; a key left behind (Redis away) expires on its own.
      await redis.del(activityKey(id)).catch(() => {});
      return deleted;
    },
    // Rows only: without its row an activity key means nothing, and it expires on its own.
    deleteWhere: (filter) => inner.deleteWhere(filter),
    // As PostgreSQL has it: activity Redis holds is written back within writeBackMs.
    countActiveSince: (cutoff, modes) => inner.countActiveSince(cutoff, modes),
    async deleteIdleBefore(cutoff, modes) {
      await inner.flush();
      let deleted = 0;
      for (;;) {
        const candidates = await sweep.listIdleBefore(cutoff, SWEEP_BATCH, modes);
        if (candidates.length === 0) return deleted;
        const activity = await activityOf(candidates);
        const idle: string[] = [];
        for (const [i, id] of candidates.entries()) {
          const at = activity[i];
          // Kept alive by some instance since the row was written: write that back instead.
          if (at !== undefined && at >= cutoff) await options.inner.touch(id, at);
          else idle.push(id);
        }
        deleted += await sweep.deleteIdle(idle, cutoff);
        if (idle.length > 0) await redis.del(...idle.map(activityKey));
        if (candidates.length < SWEEP_BATCH) return deleted;
      }
    },
    async list(filter) {
      const sessions = await inner.list(filter);
      const activity = await activityOf(sessions.map((session) => session.id));
      return sessions.map((session, i) => {
        const at = activity[i];
        return at !== undefined && at > session.lastActiveAt ? { ...session, lastActiveAt: at } : session;
      });
    },
    markTrusted: (id) => inner.markTrusted(id),
    flush: () => inner.flush(),
    close: () => inner.close(),
    discard: () => inner.discard(),
  };
}
