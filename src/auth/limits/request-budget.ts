import { randomUUID } from "node:crypto";
import { ERROR_CODES, type ErrorItem } from "../../errors.ts";
import { limitKeys } from "../../stores/limit-keys.ts";
import { spendOn } from "../../stores/limit-spend.ts";
import type { Counter, SpendSlot } from "../../stores/types/limits.ts";
import type { AuthDeps } from "../context.ts";
import {
  clockHour,
  decideWindow,
  IN_FLIGHT_RETRY_AFTER_SECONDS,
  inFlightLeaseMs,
  type WindowDecision,
} from "./limits.ts";

/** Whose budget a request spends (spec section 6). */
export interface BudgetScope {
  devKeyId: string;
  /** The in-flight lane: the session's organization, or a login's target organization. */
  organizationId: string;
  /** A login also spends the hourly login budget. */
  login?: boolean;
}

/** The devKey's hourly request budget after this request: what the X-RateLimit headers show. */
export interface HourlyBudget {
  limit: number;
  remaining: number;
  /** Unix ms of the top of the next hour. */
  resetAt: number;
}

/**
 * A held in-flight slot. `release` may be called any number of times; only the first counts.
 * It answers undefined when the slot was given back at once (a slot in this process's memory),
 * else a promise that settles once the store has it back.
 */
export interface InFlightSlot {
  release(): Promise<void> | undefined;
}

export type BudgetOutcome =
  | { ok: true; hourly?: HourlyBudget; slot?: InFlightSlot }
  | { ok: false; errors: readonly ErrorItem[]; retryAfterSeconds: number; hourly?: HourlyBudget };

type LimitName = "hourly-requests" | "hourly-logins" | "in-flight";

// Lease ids must be unique across every process sharing a store: this process's random prefix
// plus a counter is, and costs less than a random id per request.
const LEASE_PREFIX = randomUUID();
let leaseSequence = 0;

/**
 * Spends one request of a devKey's budgets and takes an in-flight slot for (devKey,
 * organization), in this order: hourly requests, hourly logins (logins only), in flight. The
 * first refusal wins and takes nothing further. Every request that gets here is counted,
 * refused ones included, as a gateway counts what it receives. A refusal is one audit line.
 */
export async function spendRequestBudget(deps: AuthDeps, scope: BudgetScope): Promise<BudgetOutcome> {
  const { config, stores } = deps;
  const now = deps.clock.now();
  const hourEnd = clockHour(now).end;
  const refuse = refusalAudit(deps, scope);

  // A call's usual case, the hourly budget and then a slot: one round trip to a shared store.
  if (config.hourlyRequestLimit > 0 && !scope.login && config.concurrentRequestLimit > 0)
    return spendTogether(deps, scope, now, hourEnd);

  let hourly: HourlyBudget | undefined;
  if (config.hourlyRequestLimit > 0) {
    const counter = await stores.limits.hit(limitKeys.hourlyRequests(scope.devKeyId), hourEnd, now);
    const decision = decideWindow(counter.count, config.hourlyRequestLimit, counter.expiresAt, now);
    hourly = { limit: decision.limit, remaining: decision.remaining, resetAt: decision.resetAt };
    if (!decision.allowed) {
      const item = budgetSpent(decision.limit);
      refuse("hourly-requests", decision, item);
      return { ok: false, errors: [item], retryAfterSeconds: decision.retryAfterSeconds, hourly };
    }
  }

  if (scope.login && config.hourlyLoginLimit > 0) {
    const counter = await stores.limits.hit(limitKeys.hourlyLogins(scope.devKeyId), hourEnd, now);
    const decision = decideWindow(counter.count, config.hourlyLoginLimit, counter.expiresAt, now);
    if (!decision.allowed) {
      const item = budgetSpent(decision.limit);
      refuse("hourly-logins", decision, item);
      return { ok: false, errors: [item], retryAfterSeconds: decision.retryAfterSeconds, hourly };
    }
  }

  const limit = config.concurrentRequestLimit;
  if (limit === 0) return { ok: true, hourly };
  const key = limitKeys.inFlight(scope.devKeyId, scope.organizationId);
  const lease = nextLease();
  const leaseExpiresAt = now + inFlightLeaseMs(config.requestTimeoutMs);
  if (!(await stores.limits.acquire(key, lease, limit, leaseExpiresAt, now))) {
    const item: ErrorItem = { key: "CONCURRENCY_LIMIT" };
    // The count of an in-flight refusal is what was in flight: every slot.
    refuse("in-flight", { limit, used: limit }, item);
    return { ok: false, errors: [item], retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS, hourly };
  }
  return { ok: true, hourly, slot: heldSlot(deps, key, lease) };
}

type Refuse = (limit: LimitName, decision: Pick<WindowDecision, "limit" | "used">, item: ErrorItem) => void;

/** A refusal's one audit line. */
function refusalAudit(deps: AuthDeps, scope: BudgetScope): Refuse {
  return (limit, decision, item) =>
    deps.audit({
      event: "limit.refused",
      code: ERROR_CODES[item.key].code,
      reason: limit,
      devKeyId: scope.devKeyId,
      organizationId: scope.organizationId,
      count: decision.used,
      limit: decision.limit,
    });
}

/** A new lease id, unique across every process sharing a store. */
function nextLease(): string {
  leaseSequence += 1;
  return `${LEASE_PREFIX}:${leaseSequence}`;
}

/** The slot of `key` held by `lease`, given back once however often it is released. */
function heldSlot(deps: AuthDeps, key: string, lease: string): InFlightSlot {
  let given = false;
  let released: Promise<void> | undefined;
  return {
    release() {
      if (given) return released;
      given = true;
      const { limits } = deps.stores;
      if (!limits.releaseNow?.(key, lease)) released = limits.release(key, lease);
      return released;
    },
  };
}

/**
 * `spendRequestBudget` answered without waiting, for the hot path (pipeline.ts): a call's usual
 * case (the hourly budget, then a slot) when the limit store holds both keys in this process's
 * memory (`LimitStore.spendNow`). The same outcome, headers and audit lines; undefined when the
 * store must be asked (then call `spendRequestBudget`), having spent nothing.
 */
export function spendRequestBudgetNow(deps: AuthDeps, scope: BudgetScope): BudgetOutcome | undefined {
  const { config, stores } = deps;
  if (stores.limits.spendNow === undefined || scope.login) return undefined;
  if (config.hourlyRequestLimit <= 0 || config.concurrentRequestLimit <= 0) return undefined;
  const now = deps.clock.now();
  const { hit, slot } = spendOf(deps, scope, now, clockHour(now).end);
  const spent = stores.limits.spendNow(hit, slot);
  if (spent === undefined) return undefined;
  return spendOutcome(deps, scope, now, slot, spent);
}

/** The store operation of a call's usual case: the hourly budget, then a slot. */
function spendOf(deps: AuthDeps, scope: BudgetScope, now: number, hourEnd: number) {
  const { config } = deps;
  return {
    hit: {
      key: limitKeys.hourlyRequests(scope.devKeyId),
      expiresAt: hourEnd,
      now,
      limit: config.hourlyRequestLimit,
    },
    slot: {
      key: limitKeys.inFlight(scope.devKeyId, scope.organizationId),
      lease: nextLease(),
      limit: config.concurrentRequestLimit,
      leaseExpiresAt: now + inFlightLeaseMs(config.requestTimeoutMs),
    },
  };
}

/**
 * spendRequestBudget's hourly-requests-then-in-flight case in one store operation: the same
 * order (a refused hourly budget takes no slot), answers, headers and audit lines.
 */
async function spendTogether(
  deps: AuthDeps,
  scope: BudgetScope,
  now: number,
  hourEnd: number,
): Promise<BudgetOutcome> {
  const { hit, slot } = spendOf(deps, scope, now, hourEnd);
  return spendOutcome(deps, scope, now, slot, await spendOn(deps.stores.limits, hit, slot));
}

function spendOutcome(
  deps: AuthDeps,
  scope: BudgetScope,
  now: number,
  slot: SpendSlot,
  { counter, acquired }: { counter: Counter; acquired: boolean },
): BudgetOutcome {
  const { config } = deps;
  const { key, lease, limit } = slot;
  const refuse = refusalAudit(deps, scope);
  const decision = decideWindow(counter.count, config.hourlyRequestLimit, counter.expiresAt, now);
  const hourly = { limit: decision.limit, remaining: decision.remaining, resetAt: decision.resetAt };
  if (!decision.allowed) {
    const item = budgetSpent(decision.limit);
    refuse("hourly-requests", decision, item);
    return { ok: false, errors: [item], retryAfterSeconds: decision.retryAfterSeconds, hourly };
  }
  if (!acquired) {
    const item: ErrorItem = { key: "CONCURRENCY_LIMIT" };
    refuse("in-flight", { limit, used: limit }, item);
    return { ok: false, errors: [item], retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS, hourly };
  }
  return { ok: true, hourly, slot: heldSlot(deps, key, lease) };
}

/** BDC_1144 naming the limit that was reached (BILL's message: "... reached: 200."). */
const budgetSpent = (limit: number): ErrorItem => ({
  key: "REQUEST_BUDGET_EXCEEDED",
  params: { paramName0: String(limit) },
});
