/**
 * What a REDIS_URL names, read without opening anything (config.ts validates with it, and it
 * loads no driver).
 */
import { isPostgresUrl } from "../database-url.ts";

/** True for a `redis://` or `rediss://` (TLS) URL. */
export const isRedisUrl = (url: string): boolean => {
  if (!/^rediss?:\/\//i.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
};

/** What BILLET_REDIS_PREFIX may be: plain characters only, so no key ever needs escaping. */
export const REDIS_KEY_PREFIX = /^[A-Za-z0-9_:.-]{1,100}$/;

/**
 * The default key prefix: `billet:` and the PostgreSQL schema (`public` without `?schema=`),
 * so that billet databases in one PostgreSQL database can share one Redis without meeting.
 */
export function defaultRedisKeyPrefix(databaseUrl: string): string {
  if (!isPostgresUrl(databaseUrl)) return "billet:public:";
  try {
    return `billet:${new URL(databaseUrl).searchParams.get("schema") || "public"}:`;
  } catch {
    return "billet:public:";
  }
}

/** The URL without its password, for messages and logs: `redis://:***@host:6379/0`. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    parsed.search = "";
    return parsed.toString();
  } catch {
    return "redis://…";
  }
}
