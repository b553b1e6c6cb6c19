/**
 * The one expiry rule of sessions (spec section 4), organization and partner sessions alike:
 * a session dies `sessionIdleSeconds` after its last activity, and, when `sessionMaxSeconds` is
 * set, that long after it was made, whichever comes first; exact to the millisecond of the
 * server's clock.
 */

interface Lifespan {
  createdAt: number;
  lastActiveAt: number;
}

interface ExpiryRules {
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
}

const idleDeadline = (session: Lifespan, rules: ExpiryRules) =>
  session.lastActiveAt + rules.sessionIdleSeconds * 1000;

const lifetimeDeadline = (session: Lifespan, rules: ExpiryRules) =>
  rules.sessionMaxSeconds > 0 ? session.createdAt + rules.sessionMaxSeconds * 1000 : Number.POSITIVE_INFINITY;

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
