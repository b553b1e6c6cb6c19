/**
 * What a sync-token session may call (docs/bill-sign-in-modes.md section 3.4). BILL: "MFA
 * operations are not available with AP & AR sync token-based sign in … You do not have access
 * to any MFA operation or MFA-protected operation", "BILL payment capabilities are not
 * available", and the token is for pulling and pushing "key financial data for reporting or
 * ERP syncing". BILL's own permission table could not be read, so the list below is ours: the
 * AP & AR records (read and write), the session's own calls, and nothing else. Everything
 * else — MFA, payments and their settings, bank accounts, approvals, users, roles, the
 * organization's settings, sync tokens, partner calls — is 403 BDC_9004.
 */
import type { ErrorKey } from "../errors.ts";

/** A route as sign-in-modes.ts gives it (its RouteShape, restated here to keep imports one way). */
interface Route {
  method: string;
  url: string;
  mfaProtected?: boolean;
}

/** The AP & AR records a sync token reads and writes, by their v3 path under `/connect/v3`. */
const RECORDS = [
  "vendors",
  "bills",
  "vendor-credits",
  "customers",
  "invoices",
  "credit-memos",
  "classifications/accounting-classes",
  "classifications/chart-of-accounts",
  "classifications/departments",
  "classifications/employees",
  "classifications/items",
  "classifications/jobs",
  "classifications/locations",
];

/**
 * A record's list and create, its bulk calls, one record's read, update, replace, archive and
 * restore. Not its other sub-paths: a vendor's bank account and payment configuration, an
 * invoice's email and payment link, `record-payment` (all payment capabilities, ours).
 */
const RECORD_ROUTE = new RegExp(
  `^/connect/v3/(?:${RECORDS.join("|")})(?:/bulk(?:/archive|/restore)?|/:id(?:/archive|/restore)?)?$`,
);

/** The other calls a sync-token session may make, `METHOD url`. */
const ALLOWED = new Set([
  "GET /connect/v3/login/session",
  "POST /connect/v3/logout",
  // Reads of the organization's profile and of BILL's industry list (ours).
  "GET /connect/v3/organizations/:organizationId",
  "GET /connect/v3/organizations/industries",
  // BILL's v2 API: the session calls and the records' List and Crud (not PayBills).
  "POST /api/v2/Logout.json",
  "POST /api/v2/GetSessionInfo.json",
  "POST /api/v2/List/:entity.json",
  "POST /api/v2/Crud/:operation/:entity.json",
]);

const REFUSED: ErrorKey = "INSUFFICIENT_PERMISSIONS";

/** Whether a sync-token session may call this route; the MFA-protected ones never. */
export function syncTokenMayCall(route: Route): boolean {
  if (route.mfaProtected) return false;
  const method = route.method === "HEAD" ? "GET" : route.method;
  return RECORD_ROUTE.test(route.url) || ALLOWED.has(`${method} ${route.url}`);
}

/** The `sync-token` ModeRule of sign-in-modes.ts. */
export const syncTokenRule = (route: Route): ErrorKey | undefined =>
  syncTokenMayCall(route) ? undefined : REFUSED;
