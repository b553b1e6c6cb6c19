import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { redactRedisUrl } from "./redis-url.ts";

export interface RedisOptions {
  url: string;
  /** A connection broke or could not be made (logged by the caller; the client reconnects). */
  onError?: (error: Error) => void;
}

/**
 * A Redis client that fails fast: a command sent while Redis is away is refused at once
 * (no offline queue), one in progress gives up after COMMAND_TIMEOUT_MS, and the client keeps
 * reconnecting in the background so that service resumes by itself. A request that needs Redis
 * thus fails closed (500 BDC_1001) within about a second instead of hanging in a queue.
 */
const CONNECT_TIMEOUT_MS = 2000;
const COMMAND_TIMEOUT_MS = 1000;
const MAX_RECONNECT_DELAY_MS = 1000;

export async function openRedis(options: RedisOptions): Promise<Redis> {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // Commands of a broken connection fail now; they are not replayed later, out of context.
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    connectionName: "billet",
    // The commands of every request that runs in one turn of the event loop leave in one write:
    // under load, one socket write (and one read) serves many session checks.
    enableAutoPipelining: true,
  });
  // Without a listener an "error" event would crash the process; errors are also the callers'.
  redis.on("error", (error: Error) => options.onError?.(error));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const cause = error instanceof Error ? error : new Error(String(error));
    const wrapped: NodeJS.ErrnoException = new Error(
      `cannot open Redis ${redactRedisUrl(options.url)}: ${cause.message || "unknown error"}`,
      { cause },
    );
    wrapped.code = (cause as NodeJS.ErrnoException).code ?? "EREDIS";
    throw wrapped;
  }
  return redis;
}

/** Closes the connection after the commands already sent; drops it when Redis is away. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === "ready") {
    try {
      await redis.quit();
      return;
    } catch {}
  }
  redis.disconnect();
}

export type ScriptRunner = (
  redis: Redis,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

/**
 * A Lua script run by its SHA (EVALSHA), loaded again with EVAL when Redis does not know it
 * (a restarted Redis forgets its scripts). Each script runs atomically on the server.
 */
export function luaScript(lua: string): ScriptRunner {
  const sha = createHash("sha1").update(lua).digest("hex");
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
