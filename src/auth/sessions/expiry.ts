/**
 * The one expiry rule of sessions (spec section 4; docs/bill-sign-in-modes.md for the modes),
 * organization and partner sessions alike: a session dies its mode's idle time after its last
 * activity (`sessionIdleSeconds`; `syncTokenIdleSeconds` for a sync token; an OAuth token's
 * own lifetime), and, when it has a fixed end (`expiresAt`, OAuth) or `sessionMaxSeconds` is
 * set, at that end, whichever comes first; exact to the millisecond of the server's clock.
 */
import type { SessionMode } from "../../stores/types/sessions.ts";

interface Lifespan {
  createdAt: number;
  lastActiveAt: number;
  mode?: SessionMode;
  expiresAt?: number | null;
}

export interface ExpiryRules {
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  syncTokenIdleSeconds: number;
  oauthTokenSeconds: number;
}

/** How long a session of this mode lives without activity, seconds. */
export function idleSecondsOf(mode: SessionMode | undefined, rules: ExpiryRules): number {
  switch (mode) {
    case "sync-token":
      return rules.syncTokenIdleSeconds;
    // An access token does not slide: its fixed end comes first; the idle time only bounds
    // how long the sweeper keeps it.
    case "oauth":
      return rules.oauthTokenSeconds;
    default:
      return rules.sessionIdleSeconds;
  }
}

/** The modes sharing each idle time: what the sweeper deletes, one cutoff per group. */
export function idleGroups(rules: ExpiryRules): { idleSeconds: number; modes: SessionMode[] }[] {
  const groups = new Map<number, SessionMode[]>();
  for (const mode of ["password", "console", "sync-token", "oauth"] as const) {
    const seconds = idleSecondsOf(mode, rules);
    groups.set(seconds, [...(groups.get(seconds) ?? []), mode]);
  }
  return [...groups].map(([idleSeconds, modes]) => ({ idleSeconds, modes }));
}

const idleDeadline = (session: Lifespan, rules: ExpiryRules) =>
  session.lastActiveAt + idleSecondsOf(session.mode, rules) * 1000;

const lifetimeDeadline = (session: Lifespan, rules: ExpiryRules) => {
  const fixed = session.expiresAt ?? Number.POSITIVE_INFINITY;
  const max =
    rules.sessionMaxSeconds > 0
      ? session.createdAt + rules.sessionMaxSeconds * 1000
      : Number.POSITIVE_INFINITY;
  return Math.min(fixed, max);
};

/** When a session dies if nobody uses it again. */
export function sessionDeadline(session: Lifespan, rules: ExpiryRules): number {
  return Math.min(idleDeadline(session, rules), lifetimeDeadline(session, rules));
}

/** Why a session is over at `now` (idle first), or undefined while it lives. */
export function expiryOf(
  session: Lifespan,
  rules: ExpiryRules,
  now: number,
): "idle" | "lifetime" | undefined {
  if (now >= idleDeadline(session, rules)) return "idle";
  if (now >= lifetimeDeadline(session, rules)) return "lifetime";
  return undefined;
}
