import { describe, expect, it } from "vitest";
import type { AuthDeps } from "../auth/context.ts";
import { countMfaSend } from "../auth/mfa/send-limit.ts";
import { clearLoginFailures, isLoginLocked, recordLoginFailure } from "../auth/sessions/lockout.ts";
import { createSettableClock } from "../clock.ts";
import { DEFAULT_CONFIG } from "../config.ts";
import { operatorLock, recordOperatorFailure } from "../operator/auth-throttle.ts";
import { isLockoutKey, LOCKOUT_KEY_PREFIXES, limitKeys } from "./limit-keys.ts";
import { memoryLimitStore } from "./memory/limits.ts";
import { routeLimits } from "./routed-limits.ts";
import type { Stores } from "./types/index.ts";
import type { LimitStore } from "./types/limits.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);

describe("routeLimits", () => {
  const split = () => {
    const rest = memoryLimitStore();
    const routedTo = memoryLimitStore();
    const limits = routeLimits({ rest, routedTo, routed: (key) => key.startsWith("lock:") });
    return { rest, routedTo, limits };
  };

  it("sends each key's counter to one store only, by its key", async () => {
    const { rest, routedTo, limits } = split();
    await limits.hit("lock:ann", T0 + 1000, T0);
    await limits.hit("lock:ann", T0 + 1000, T0);
    await limits.hit("budget:k1", T0 + 1000, T0, 5);
    expect(await routedTo.peek("lock:ann", T0)).toEqual({ count: 2, expiresAt: T0 + 1000 });
    expect(await rest.peek("lock:ann", T0)).toBeUndefined();
    expect(await rest.peek("budget:k1", T0)).toEqual({ count: 5, expiresAt: T0 + 1000 });
    expect(await routedTo.peek("budget:k1", T0)).toBeUndefined();
    expect(await limits.peek("lock:ann", T0)).toEqual({ count: 2, expiresAt: T0 + 1000 });
    await limits.reset("lock:ann");
    expect(await routedTo.peek("lock:ann", T0)).toBeUndefined();
    expect(await limits.peek("budget:k1", T0)).toEqual({ count: 5, expiresAt: T0 + 1000 });
  });

  it("spends a counter and a slot that live in two stores, each in its own", async () => {
    const { rest, routedTo, limits } = split();
    const spend = (lease: string) =>
      limits.spend?.(
        { key: "lock:n", expiresAt: T0 + 1000, now: T0, limit: 2 },
        { key: "budget:f", lease, limit: 3, leaseExpiresAt: T0 + 60_000 },
      );
    expect(await spend("a")).toEqual({ counter: { count: 1, expiresAt: T0 + 1000 }, acquired: true });
    expect(await spend("b")).toEqual({ counter: { count: 2, expiresAt: T0 + 1000 }, acquired: true });
    expect(await spend("c")).toEqual({ counter: { count: 3, expiresAt: T0 + 1000 }, acquired: false });
    expect(await routedTo.peek("lock:n", T0)).toEqual({ count: 3, expiresAt: T0 + 1000 });
    expect(await rest.countHeld("budget:", T0)).toEqual([{ key: "budget:f", held: 2 }]);
    expect(await routedTo.countHeld("budget:", T0)).toEqual([]);
  });

  it("takes slots where their key goes, and counts held slots from both, in key order", async () => {
    const { rest, routedTo, limits } = split();
    expect(await limits.acquire("lock:b", "l1", 1, T0 + 1000, T0)).toBe(true);
    expect(await limits.acquire("lock:b", "l2", 1, T0 + 1000, T0)).toBe(false);
    expect(await limits.acquire("a", "l3", 1, T0 + 1000, T0)).toBe(true);
    expect(await routedTo.countHeld("", T0)).toEqual([{ key: "lock:b", held: 1 }]);
    expect(await rest.countHeld("", T0)).toEqual([{ key: "a", held: 1 }]);
    expect(await limits.countHeld("", T0)).toEqual([
      { key: "a", held: 1 },
      { key: "lock:b", held: 1 },
    ]);
    await limits.release("lock:b", "l1");
    expect(await limits.countHeld("lock:", T0)).toEqual([]);
  });
});

/** A LimitStore that remembers every key it was asked about. */
function recording(): { limits: LimitStore; keys: Set<string> } {
  const inner = memoryLimitStore();
  const keys = new Set<string>();
  const seen =
    <A extends unknown[], R>(call: (key: string, ...rest: A) => R) =>
    (key: string, ...rest: A): R => {
      keys.add(key);
      return call(key, ...rest);
    };
  return {
    keys,
    limits: {
      hit: seen(inner.hit),
      peek: seen(inner.peek),
      reset: seen(inner.reset),
      acquire: seen(inner.acquire),
      release: seen(inner.release),
      countHeld: seen(inner.countHeld),
    },
  };
}

describe("lockout keys", () => {
  const depsWith = (limits: LimitStore): AuthDeps =>
    ({
      stores: { limits } as unknown as Stores,
      clock: createSettableClock(T0),
      config: { ...DEFAULT_CONFIG, lockoutThreshold: 2 },
      audit: () => {},
    }) as unknown as AuthDeps;

  it("cover every counter of the login lockout and the operator throttle", async () => {
    const { limits, keys } = recording();
    const deps = depsWith(limits);
    for (let i = 0; i < 2; i++) await recordLoginFailure(deps, "ann@example.com", "192.0.2.1");
    await isLoginLocked(deps, "ann@example.com", "192.0.2.1");
    await clearLoginFailures(deps, "ann@example.com");
    await recordOperatorFailure(deps, "192.0.2.1");
    await operatorLock(deps, "192.0.2.1");
    // The username's failures, its lock, the IP's failures, the operator's failures by IP.
    expect(keys.size).toBe(4);
    for (const key of keys) expect(isLockoutKey(key), key).toBe(true);
  });

  it("leave out budgets and in-flight slots", async () => {
    const { limits, keys } = recording();
    await countMfaSend(depsWith(limits), "00601AAAAAAAAAAAAAAA");
    keys.add(limitKeys.hourlyRequests("0dk01AAAAAAAAAAAAAAA"));
    keys.add(limitKeys.hourlyLogins("0dk01AAAAAAAAAAAAAAA"));
    keys.add(limitKeys.inFlight("0dk01AAAAAAAAAAAAAAA", "00801AAAAAAAAAAAAAAA"));
    for (const key of keys) expect(isLockoutKey(key), key).toBe(false);
  });

  it("include the wrong-MFA-token counter by identity", () => {
    expect(LOCKOUT_KEY_PREFIXES).toContain("mfa-failures:");
    expect(isLockoutKey("mfa-failures:user:00601AAAAAAAAAAAAAAA")).toBe(true);
    expect(isLockoutKey("mfa-sends:user:00601AAAAAAAAAAAAAAA")).toBe(false);
  });
});
