/**
 * The MFA guard (spec section 7): one piece that any route declares with the route option
 * `config: { mfaProtected }`, and that the operator's list (`BILLET_MFA_PROTECTED`) applies to
 * matching routes. On an untrusted session it answers 403 BDC_1361 before the handler runs,
 * unless the session's devKey bypasses MFA.
 */
import type { FastifyRequest } from "fastify";
import type { App } from "../app.ts";
import type { AuthDeps } from "../auth/context.ts";
import { isTrusted, refuseImpersonation } from "../auth/mfa/mfa.ts";
import {
  describeOperation,
  matchesOperation,
  type ProtectedOperation,
} from "../auth/mfa/protected-operations.ts";
import { ApiError } from "../errors.ts";
import { requireSession } from "../routes/session.ts";
import type { SessionRecord } from "../stores/types.ts";

/** Does this call need a trusted session? */
export type MfaCondition = (deps: AuthDeps, session: SessionRecord) => boolean | Promise<boolean>;

/**
 * `true`: protected where the session's organization requires MFA. A condition: protected
 * when it says so. `false`: never protected, whatever the operator lists (the routes that
 * make a session trusted, and routes without a session).
 */
export type MfaProtection = boolean | MfaCondition;

declare module "fastify" {
  interface FastifyContextConfig {
    /** Declares the route MFA-protected; see src/routes/mfa-guard.ts. */
    mfaProtected?: MfaProtection;
    /**
     * The route changes the person's factors: a session made by a partner's login-as-user is
     * refused with 403 BDC_9004 (spec 5.1), before the MFA guard's own check.
     */
    refuseImpersonation?: boolean;
  }
}

/** What `mfaProtected: true` and the operator's list mean. */
export const whenOrganizationRequiresMfa: MfaCondition = (_deps, session) => session.organizationMfaRequired;

const GUARD = Symbol("mfa guard");

/**
 * The preHandler: authenticates the session (once per request), refuses an impersonation on a
 * route that changes factors, and refuses an untrusted session where a condition says so.
 */
export function mfaGuard(
  deps: AuthDeps,
  conditions: readonly MfaCondition[],
  options: { refuseImpersonation?: boolean } = {},
) {
  const guard = async (request: FastifyRequest): Promise<void> => {
    const session = await requireSession(deps, request);
    if (options.refuseImpersonation) {
      const what = `${request.method} ${request.routeOptions.url ?? ""}`;
      const allowed = refuseImpersonation(deps, session, what);
      if (!allowed.ok) throw new ApiError(allowed.errors);
    }
    if (isTrusted(session)) return;
    for (const condition of conditions) {
      if (await condition(deps, session)) {
        deps.audit({
          event: "mfa.rejected",
          code: "BDC_1361",
          reason: `untrusted session: ${request.method} ${request.routeOptions.url ?? ""}`,
          sessionRef: session.id,
          userId: session.userId,
          organizationId: session.organizationId,
          ip: request.ip,
        });
        throw new ApiError("UNTRUSTED_SESSION");
      }
    }
  };
  return Object.assign(guard, { [GUARD]: true });
}

const isGuard = (hook: unknown): boolean => typeof hook === "function" && GUARD in hook;

/**
 * Installs the guard on every route registered after this call that declares it or that an
 * operator's entry matches. Call it before the routes are registered.
 */
export function installMfaGuard(app: App, deps: AuthDeps): void {
  const operations = deps.config.mfaProtected;
  const used = new Set<ProtectedOperation>();
  app.addHook("onRoute", (route) => {
    const declared = route.config?.mfaProtected;
    const refuse = route.config?.refuseImpersonation === true;
    if (declared === false && !refuse) return;
    // Fastify answers HEAD with the GET handler: a protected GET is a protected HEAD.
    const methods = [route.method].flat().map((m) => (m === "HEAD" ? "GET" : m));
    const listed =
      declared === false
        ? []
        : operations.filter((o) => methods.some((m) => matchesOperation(o, m, route.url)));
    for (const operation of listed) used.add(operation);
    const conditions: MfaCondition[] = [];
    if (typeof declared === "function") conditions.push(declared);
    if (declared === true || listed.length > 0) conditions.push(whenOrganizationRequiresMfa);
    if (conditions.length === 0 && !refuse) return;
    const existing = route.preHandler === undefined ? [] : [route.preHandler].flat();
    // The HEAD copy of a GET route may arrive with the GET's guard already in place.
    if (existing.some(isGuard)) return;
    // The guard runs first: nothing of an untrusted call is done before it is refused.
    route.preHandler = [
      mfaGuard(deps, conditions, { refuseImpersonation: refuse }),
      ...existing,
    ] as typeof route.preHandler;
  });
  // A typo in the operator's list must not silently protect nothing.
  app.addHook("onReady", async () => {
    for (const operation of operations) {
      if (!used.has(operation)) {
        app.log.warn(
          `BILLET_MFA_PROTECTED: "${describeOperation(operation)}" matches no route that can be protected`,
        );
      }
    }
  });
}
