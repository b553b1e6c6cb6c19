/**
 * Integration warnings (sandbox): billet tells a client, in an `X-Billet-Warning` header, when
 * it does what BILL's "API login best practices" warn against, so that the habit is caught in
 * development instead of against BILL's limits in production.
 */

export const WARNINGS = Object.freeze({
  "query-credentials":
    "Credentials or session ids in the query string are never read and end up in logs; send them in the body or headers.",
  "login-per-call":
    "A new login before almost every call: log in once and reuse the sessionId until it expires.",
  concurrency: "More than 3 requests in flight for one devKey and organization: BILL answers BDC_1322.",
  "expired-session":
    "A call with a session idle for longer than the idle timeout: log in again when you get BDC_1109.",
  "v2-login-per-call":
    "A v2 Login.json while the session of the previous one may still be live and was used once at most: reuse the sessionId until it answers BDC_1109.",
  "sync-token-refused":
    "A sync-token session may not make this call (BDC_9004): BILL's sync tokens read and write AP & AR records only, never payments, MFA or administration; log in with a password for it.",
  "oauth-available":
    "A devKey and password login in an organization that has an OAuth app: BILL recommends OAuth client credentials (POST /authx/token, then Authorization: Bearer).",
  "token-per-call":
    "A new access token while the previous one is still valid and was used once at most: cache the token until shortly before expires_in.",
});

export type WarningCode = keyof typeof WARNINGS;

const QUERY_SECRETS = new Set([
  "username",
  "password",
  "devkey",
  "sessionid",
  "appkey",
  "remembermeid",
  "orgid",
]);

/** Warnings a request earns from its URL alone. */
export function queryWarnings(url: string): WarningCode[] {
  const mark = url.indexOf("?");
  // Most requests have no query string: nothing to parse.
  if (mark < 0) return [];
  const names = new URLSearchParams(url.slice(mark + 1)).keys();
  for (const name of names) if (QUERY_SECRETS.has(name.toLowerCase())) return ["query-credentials"];
  return [];
}

/** The last few requests of one caller: `L` for a login, `C` for an authenticated call. */
const WINDOW = 10;

/** Tracks, per caller (devKey and user), how often it logs in compared to how often it calls. */
export function createLoginHabits() {
  const history = new Map<string, string>();
  const note = (caller: string, kind: "L" | "C") => {
    const recent = `${history.get(caller) ?? ""}${kind}`.slice(-WINDOW);
    // Delete first so that Map order tracks recency and the oldest callers can be dropped.
    history.delete(caller);
    history.set(caller, recent);
    if (history.size > 10_000) history.delete(history.keys().next().value as string);
    return recent;
  };
  return {
    /** Records a login; true when this caller logs in about as often as it calls. */
    login(caller: string): boolean {
      const recent = note(caller, "L");
      const logins = [...recent].filter((k) => k === "L").length;
      return recent.length >= 6 && logins * 2 >= recent.length;
    },
    call(caller: string): void {
      note(caller, "C");
    },
  };
}

/** In-flight requests per (devKey, organization), to warn past BILL's cap of 3. */
export function createConcurrencyWatch(limit = 3) {
  const inFlight = new Map<string, number>();
  return {
    /** Counts one more; returns a release function and whether the cap is exceeded. */
    enter(key: string): { exceeded: boolean; leave: () => void } {
      const count = (inFlight.get(key) ?? 0) + 1;
      inFlight.set(key, count);
      let left = false;
      return {
        exceeded: count > limit,
        leave() {
          if (left) return;
          left = true;
          const rest = (inFlight.get(key) ?? 1) - 1;
          if (rest <= 0) inFlight.delete(key);
          else inFlight.set(key, rest);
        },
      };
    },
  };
}

/**
 * Tracks, per caller (devKey and user), its last v2 login and the calls made since: a v2 login
 * again while the previous session may still be live (within the idle timeout) and was used once
 * at most is the habit of logging in for every call, through v2's Login.json.
 */
export function createV2LoginWatch(idleMs: number) {
  const last = new Map<string, { at: number; calls: number }>();
  return {
    /** Records a v2 login at `now`; true when the previous one's session went (nearly) unused. */
    login(caller: string, now: number): boolean {
      const previous = last.get(caller);
      last.delete(caller);
      last.set(caller, { at: now, calls: 0 });
      if (last.size > 10_000) last.delete(last.keys().next().value as string);
      return previous !== undefined && now - previous.at < idleMs && previous.calls <= 1;
    },
    /** Records an authenticated call (v2 or v3) of the caller. */
    call(caller: string): void {
      const entry = last.get(caller);
      if (entry) entry.calls += 1;
    },
  };
}

/**
 * Tracks, per OAuth app, its last access token and the calls made with it: a new token while
 * the previous one is still valid and was used once at most is a token fetched for every call.
 */
export function createTokenWatch(lifetimeMs: number) {
  const last = new Map<string, { at: number; calls: number }>();
  return {
    /** Records a token issued at `now`; true when the previous one went (nearly) unused. */
    issued(appId: string, now: number): boolean {
      const previous = last.get(appId);
      last.delete(appId);
      last.set(appId, { at: now, calls: 0 });
      if (last.size > 10_000) last.delete(last.keys().next().value as string);
      return previous !== undefined && now - previous.at < lifetimeMs && previous.calls <= 1;
    },
    /** Records a call made with one of the app's tokens. */
    call(appId: string): void {
      const entry = last.get(appId);
      if (entry) entry.calls += 1;
    },
  };
}
