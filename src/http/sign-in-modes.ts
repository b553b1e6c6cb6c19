/**
 * What a session may call, by the way it was made (docs/bill-sign-in-modes.md): a password
 * session may call everything its role allows; a sync-token session and an OAuth token with
 * the accounting-data scope only what BILL's tables list. Each mode's rule is decided once per
 * route when the route is registered, so the check on a request is one lookup.
 */
import type { ErrorKey } from "../errors.ts";
import type { SessionMode, SessionRecord } from "../stores/types/sessions.ts";
import { oauthScopeRule } from "./oauth-scope.ts";
import { syncTokenRule } from "./sync-token-permissions.ts";

/** A route as the rules see it: its method and its URL pattern (`/v3/bills/:billId`). */
export interface RouteShape {
  method: string;
  url: string;
  /** The MFA guard protects it (its `config.mfaProtected`, or the operator's list). */
  mfaProtected?: boolean;
}

/**
 * One mode's rule: the error a session of that mode gets on this route, or undefined when it
 * may call it. `scope` is the session's scope (OAuth).
 */
export type ModeRule = (route: RouteShape, scope: string | null) => ErrorKey | undefined;

/** The rules, by mode; a mode without one may call every route. */
const RULES: Partial<Record<SessionMode, ModeRule>> = {
  "sync-token": syncTokenRule,
  oauth: oauthScopeRule,
};

/** The refusal of each (mode, scope) on one route, decided at registration. */
export function modeRefusals(route: RouteShape): (session: SessionRecord) => ErrorKey | undefined {
  const decided = new Map<string, ErrorKey | undefined>();
  return (session) => {
    const rule = RULES[session.mode];
    if (!rule) return undefined;
    const key = `${session.mode}:${session.scope ?? ""}`;
    if (!decided.has(key)) decided.set(key, rule(route, session.scope));
    return decided.get(key);
  };
}
