/**
 * What an OAuth access token may call (docs/bill-sign-in-modes.md section 4), the `oauth`
 * rule of sign-in-modes.ts. BILL: "Full access: Grants complete API permissions, including
 * payment creation and funding account updates"; "Accounting data access" is less. (ours) An
 * accounting-data token may read (GET, HEAD) and sign out, nothing else; no token manages the
 * OAuth apps (BILL makes them in its web app, never with a token). A refusal is 403 BDC_9004,
 * before the call spends any budget.
 */
import type { ErrorKey } from "../errors.ts";

/** A route as sign-in-modes.ts's rules see it (its RouteShape; not imported: no cycle). */
interface RouteShape {
  method: string;
  url: string;
}

const READS = new Set(["GET", "HEAD"]);

const isOAuthAppsRoute = (route: RouteShape) =>
  route.url === "/connect/v3/oauth/apps" || route.url.startsWith("/connect/v3/oauth/apps/");

/**
 * (ours) What no token changes, whatever its scope: the creator's second factor (MFA setup,
 * validation, challenges, step-up: a leaked client secret must not replace the person's phone,
 * which is theirs in every organization) and other credentials (sync tokens), which would
 * outlive the app's revocation.
 */
const isCredentialWrite = (route: RouteShape) =>
  !READS.has(route.method.toUpperCase()) &&
  (route.url.startsWith("/connect/v3/mfa/") || route.url.startsWith("/connect/v3/sync-tokens"));

const isLogout = (route: RouteShape) => route.method === "POST" && route.url === "/connect/v3/logout";

/** sign-in-modes.ts's ModeRule for `oauth`. */
export const oauthScopeRule = (route: RouteShape, scope: string | null): ErrorKey | undefined => {
  if (isOAuthAppsRoute(route) || isCredentialWrite(route)) return "INSUFFICIENT_PERMISSIONS";
  if (scope === "full") return undefined;
  // Accounting data, and any scope not known (the strictest reading).
  if (READS.has(route.method.toUpperCase()) || isLogout(route)) return undefined;
  return "INSUFFICIENT_PERMISSIONS";
};
