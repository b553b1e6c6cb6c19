import { newId } from "../auth/crypto/ids.ts";
import { ERROR_CODES, type ErrorKey } from "../errors.ts";

export type FaultAction =
  | { kind: "error"; errorKey: ErrorKey }
  | { kind: "latency"; ms: number }
  | { kind: "drop" };

export interface FaultMatch {
  /** `*` or an HTTP method. */
  method: string;
  /** A path under the server (`/connect/v3/login`); a trailing `*` matches any rest. */
  path: string;
  devKeyId?: string;
  organizationId?: string;
}

export interface Fault extends FaultMatch {
  id: string;
  action: FaultAction;
  /** How many more matching requests it applies to. */
  remaining: number;
  createdAt: number;
}

export interface RequestFacts {
  method: string;
  path: string;
  devKeyId?: string | undefined;
  organizationId?: string | undefined;
}

/** The error-table key for a BDC code (and status, where one code has two). */
export function errorKeyFor(code: string, status?: number): ErrorKey | undefined {
  const keys = (Object.keys(ERROR_CODES) as ErrorKey[]).filter((key) => ERROR_CODES[key].code === code);
  return keys.find((key) => status === undefined || ERROR_CODES[key].status === status);
}

/** Normalises `/v3/login` to `/connect/v3/login`; leaves other absolute paths alone. */
export const normalisePath = (path: string): string => (path.startsWith("/v3/") ? `/connect${path}` : path);

const pathMatches = (pattern: string, path: string): boolean =>
  pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : pattern === path;

/** Faults armed by the operator (sandbox): the next N matching requests misbehave on purpose. */
export interface FaultRegistry {
  arm(match: FaultMatch, action: FaultAction, times: number, now: number): Fault;
  list(): Fault[];
  /** Whether any fault is armed: asked on every request, so it copies nothing. */
  armed(): boolean;
  /** Clears one fault, or all; returns how many were cleared. */
  clear(id?: string): number;
  /** Whether a fault needs to know the devKey or organization of a request. */
  needs(): { devKey: boolean; organization: boolean };
  /** Consumes one use of the first fault that matches, if any. */
  take(facts: RequestFacts): FaultAction | undefined;
}

export function createFaultRegistry(): FaultRegistry {
  let faults: Fault[] = [];
  return {
    arm(match, action, times, now) {
      const fault: Fault = {
        ...match,
        path: normalisePath(match.path),
        id: newId("fault"),
        action,
        remaining: times,
        createdAt: now,
      };
      faults.push(fault);
      return fault;
    },
    list: () => faults.map((fault) => ({ ...fault })),
    armed: () => faults.length > 0,
    clear(id) {
      const before = faults.length;
      faults = id === undefined ? [] : faults.filter((fault) => fault.id !== id);
      return before - faults.length;
    },
    needs: () => ({
      devKey: faults.some((f) => f.devKeyId !== undefined),
      organization: faults.some((f) => f.organizationId !== undefined),
    }),
    take(facts) {
      const fault = faults.find(
        (f) =>
          (f.method === "*" || f.method === facts.method) &&
          pathMatches(f.path, facts.path) &&
          (f.devKeyId === undefined || f.devKeyId === facts.devKeyId) &&
          (f.organizationId === undefined || f.organizationId === facts.organizationId),
      );
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
      return fault.action;
    },
  };
}
