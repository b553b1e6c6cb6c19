import type { AuthDeps } from "../auth/context.ts";
import { registerConsoleRoutes } from "../operator/console/routes.ts";
import type { Metrics } from "../operator/metrics.ts";
import type { OperatorPlane } from "../operator/plane.ts";
import { registerOperatorRoutes } from "../operator/routes/index.ts";
import { registerMetricsRoute } from "../operator/routes/metrics.ts";
import { RESOURCES } from "../resources/index.ts";
import { registerBankAccountRoutes } from "../routes/bank-accounts.ts";
import { registerBillApprovalRoutes } from "../routes/bill-approvals.ts";
import { registerBillHealthRoute } from "../routes/health.ts";
import { registerIndustriesRoute } from "../routes/industries.ts";
import { registerInvitationRoutes } from "../routes/invitations.ts";
import { registerInvoiceRoutes } from "../routes/invoices.ts";
import { registerLoginRoutes } from "../routes/login.ts";
import { registerLoginOrganizationRoutes } from "../routes/login-organizations.ts";
import { registerMfaRoutes } from "../routes/mfa.ts";
import { registerOAuthAppRoutes } from "../routes/oauth-apps.ts";
import { registerOAuthTokenRoute } from "../routes/oauth-token.ts";
import { registerOrganizationRoutes } from "../routes/organizations.ts";
import { registerPartnerRoutes } from "../routes/partner.ts";
import { registerPaymentRoutes } from "../routes/payments.ts";
import { registerResourceRoutes } from "../routes/resources.ts";
import { registerRoleRoutes } from "../routes/roles.ts";
import { registerSessionRoutes } from "../routes/session.ts";
import { registerSyncTokenRoutes } from "../routes/sync-tokens.ts";
import { registerUserRoutes } from "../routes/users.ts";
import { registerV2Api, type V2Options } from "../routes/v2/index.ts";
import { registerVendorBankAccountRoutes } from "../routes/vendor-bank-account.ts";
import { registerOpenApi } from "./openapi.ts";
import type { App } from "./types.ts";

/**
 * What one listener serves: `public` is BILL's API under /connect (and its v2 under /api/v2) with its OpenAPI document and
 * /docs; `operator` is the operator API under /operator/v1 and the console at /console; `all`
 * is both, on one listener (the default). Health probes are on every listener.
 */
export type Surfaces = "all" | "public" | "operator";

/** BILL's API, its document, and everything that watches it. */
export async function registerPublicApi(app: App, deps: AuthDeps, v2: V2Options = {}): Promise<void> {
  await registerOpenApi(app);
  registerBillHealthRoute(app, deps);
  registerLoginRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerLoginOrganizationRoutes(app, deps);
  registerMfaRoutes(app, deps);
  registerOrganizationRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerRoleRoutes(app, deps);
  registerSyncTokenRoutes(app, deps);
  registerPartnerRoutes(app, deps);
  registerInvitationRoutes(app, deps);
  for (const declaration of RESOURCES) registerResourceRoutes(app, deps, declaration);
  registerInvoiceRoutes(app, deps);
  registerPaymentRoutes(app, deps);
  registerIndustriesRoute(app);
  registerBillApprovalRoutes(app, deps);
  registerVendorBankAccountRoutes(app, deps);
  registerBankAccountRoutes(app, deps);
  await registerV2Api(app, deps, v2);
  registerOAuthAppRoutes(app, deps);
  await registerOAuthTokenRoute(app, deps);
}

/** The operator API and the console; neither exists without an operator token. */
export function registerOperatorSurface(
  app: App,
  deps: AuthDeps,
  operator: OperatorPlane,
  metrics?: Metrics,
): void {
  registerOperatorRoutes(app, deps, operator);
  if (operator.tokenHash) registerConsoleRoutes(app);
  if (operator.tokenHash && metrics) registerMetricsRoute(app, metrics);
}
