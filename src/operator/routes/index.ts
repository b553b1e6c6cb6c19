import type { AuthDeps } from "../../auth/context.ts";
import type { App } from "../../http/types.ts";
import type { OperatorPlane } from "../plane.ts";
import { registerOperatorAccountRoutes } from "./accounts.ts";
import { registerOperatorConsoleRoutes } from "./consoles.ts";
import { registerOperatorIsolationRoutes } from "./isolation.ts";
import { registerOperatorLimitRoutes } from "./limits.ts";
import { registerOperatorOAuthAppRoutes } from "./oauth-apps.ts";
import { registerOperatorObservationRoutes } from "./observe.ts";
import { registerOperatorPartnerRoutes } from "./partners.ts";
import { registerOperatorResourceRoutes } from "./resources.ts";
import { registerOperatorSandboxRoutes } from "./sandbox.ts";
import { registerOperatorSeedRoutes } from "./seed.ts";
import { registerOperatorSyncTokenRoutes } from "./sync-tokens.ts";

/** The operator API under /operator/v1; not registered at all when no token is configured. */
export function registerOperatorRoutes(app: App, deps: AuthDeps, plane: OperatorPlane): void {
  // Every operator route needs the token: the pipeline checks it (http/pipeline.ts, step 5).
  if (!plane.tokenHash) return;
  registerOperatorAccountRoutes(app, deps);
  registerOperatorSyncTokenRoutes(app, deps);
  registerOperatorObservationRoutes(app, deps, plane);
  registerOperatorSandboxRoutes(app, deps, plane);
  registerOperatorIsolationRoutes(app, deps, plane);
  registerOperatorPartnerRoutes(app, deps);
  registerOperatorLimitRoutes(app, deps);
  registerOperatorResourceRoutes(app, deps);
  registerOperatorSeedRoutes(app, deps);
  registerOperatorConsoleRoutes(app, deps);
  registerOperatorOAuthAppRoutes(app, deps);
}
