import { type AuthDeps, fail, ok, type Result } from "../auth/context.ts";
import { hashSecret, isId } from "../auth/crypto/ids.ts";
import { clockHour, decideWindow } from "../auth/limits/limits.ts";
import { limitKeys } from "../stores/limit-keys.ts";
import type { DevKey } from "../stores/types/devkeys.ts";

/** One hourly budget of a devKey; undefined in a report when the limit is switched off. */
export interface BudgetReport {
  limit: number;
  /** Requests counted this clock hour, refused ones included. */
  used: number;
  remaining: number;
  /** Unix ms: the top of the next hour. */
  resetAt: number;
}

export interface InFlightReport {
  limit: number;
  /** Organizations with requests in flight now. */
  organizations: { organizationId: string; held: number }[];
}

export interface LimitsReport {
  hourlyRequests?: BudgetReport;
  hourlyLogins?: BudgetReport;
  inFlight?: InFlightReport;
}

/** What a devKey has spent of its budgets this hour, and what it has in flight now. */
export async function readLimits(deps: AuthDeps, devKeyId: string): Promise<LimitsReport> {
  const { config, stores } = deps;
  const now = deps.clock.now();
  const budget = async (key: string, limit: number): Promise<BudgetReport | undefined> => {
    if (limit === 0) return undefined;
    const counter = await stores.limits.peek(key, now);
    const decision = decideWindow(counter?.count ?? 0, limit, counter?.expiresAt ?? clockHour(now).end, now);
    return { limit, used: decision.used, remaining: decision.remaining, resetAt: decision.resetAt };
  };
  const report: LimitsReport = {};
  const hourlyRequests = await budget(limitKeys.hourlyRequests(devKeyId), config.hourlyRequestLimit);
  if (hourlyRequests) report.hourlyRequests = hourlyRequests;
  const hourlyLogins = await budget(limitKeys.hourlyLogins(devKeyId), config.hourlyLoginLimit);
  if (hourlyLogins) report.hourlyLogins = hourlyLogins;
  if (config.concurrentRequestLimit > 0) {
    const prefix = limitKeys.inFlightPrefix(devKeyId);
    const held = await stores.limits.countHeld(prefix, now);
    report.inFlight = {
      limit: config.concurrentRequestLimit,
      organizations: held.map(({ key, held }) => ({ organizationId: key.slice(prefix.length), held })),
    };
  }
  return report;
}

/** A developer key named by its id (`0dk…`) or by the key itself; never echoes the argument. */
export async function findDevKey(deps: AuthDeps, keyOrId: string): Promise<Result<DevKey>> {
  const devKey = isId("devKey", keyOrId)
    ? await deps.stores.devKeys.findById(keyOrId)
    : await deps.stores.devKeys.findByKeyHash(hashSecret(keyOrId));
  return devKey ? ok(devKey) : fail("NOT_FOUND", { paramName0: "devKey" });
}
