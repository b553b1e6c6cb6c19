import type { App } from "../../app.ts";
import type { AuthDeps } from "../../auth/context.ts";
import type { OperatorPlane } from "../plane.ts";
import { registerOperatorAccountRoutes } from "./accounts.ts";
import { operatorGuard } from "./common.ts";
import { registerOperatorLimitRoutes } from "./limits.ts";
import { registerOperatorObservationRoutes } from "./observe.ts";
import { registerOperatorPartnerRoutes } from "./partners.ts";
import { registerOperatorSandboxRoutes } from "./sandbox.ts";

/** The operator API under /operator/v1; not registered at all when no token is configured. */
export function registerOperatorRoutes(app: App, deps: AuthDeps, plane: OperatorPlane): void {
  if (!plane.tokenHash) return;
  const guard = operatorGuard(deps, plane);
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/operator/")) await guard(request, reply);
  });
  registerOperatorAccountRoutes(app, deps);
  registerOperatorObservationRoutes(app, deps, plane);
  registerOperatorSandboxRoutes(app, deps, plane);
  registerOperatorPartnerRoutes(app, deps);
  registerOperatorLimitRoutes(app, deps);
}
