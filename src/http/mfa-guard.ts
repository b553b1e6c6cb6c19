/**
 * The MFA guard (spec section 7): one step of the pipeline that any route declares with the
 * route option `config: { mfaProtected }`, and that the operator's list
 * (`BILLET_MFA_PROTECTED`) applies to matching routes. On an untrusted session it answers 403
 * BDC_1361 before the handler runs, unless the session's devKey bypasses MFA. A route's own
 * condition may name another answer (`mfaRefusal`): changing the MFA phone is BILL's 403
 * BDC_5324 "Mfa action blocked.".
 */
import type { FastifyRequest, RouteOptions } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { isTrusted, refuseImpersonation } from "../auth/mfa/mfa.ts";
import {
  describeOperation,
  matchesOperation,
  type ProtectedOperation,
} from "../auth/mfa/protected-operations.ts";
import { ApiError, ERROR_CODES, type ErrorKey } from "../errors.ts";
import { type MfaCondition, sessionOf } from "./context.ts";

/** What `mfaProtected: true` and the operator's list mean. */
export const whenOrganizationRequiresMfa: MfaCondition = (_deps, session) => session.organizationMfaRequired;

/** A condition with the answer it gives instead of BDC_1361. */
export interface MfaRefusingCondition {
  when: MfaCondition;
  refusal: ErrorKey;
}

/**
 * What the guard checks on one route: its MFA conditions, in order (the first that holds
 * answers; a bare condition answers BDC_1361), and whether impersonation is refused.
 */
export interface GuardRule {
  conditions: (MfaCondition | MfaRefusingCondition)[];
  refuseImpersonation: boolean;
}

/**
 * The operator's list (`BILLET_MFA_PROTECTED`) against the routes, as they are registered:
 * which rule each route gets, and, once all are registered, which entries matched nothing.
 */
export function createMfaRules(operations: readonly ProtectedOperation[]) {
  const used = new Set<ProtectedOperation>();
  return {
    /** The guard's rule for a route, or undefined when it has none. */
    ruleFor(route: RouteOptions): GuardRule | undefined {
      const declared = route.config?.mfaProtected;
      const refuse = route.config?.refuseImpersonation === true;
      // Fastify answers HEAD with the GET handler: a protected GET is a protected HEAD.
      const methods = [route.method].flat().map((m) => (m === "HEAD" ? "GET" : m));
      const listed =
        declared === false
          ? []
          : operations.filter((o) => methods.some((m) => matchesOperation(o, m, route.url)));
      for (const operation of listed) used.add(operation);
      const conditions: GuardRule["conditions"] = [];
      const refusal = route.config?.mfaRefusal;
      if (typeof declared === "function") conditions.push(refusal ? { when: declared, refusal } : declared);
      if (declared === true || listed.length > 0) conditions.push(whenOrganizationRequiresMfa);
      return conditions.length > 0 || refuse ? { conditions, refuseImpersonation: refuse } : undefined;
    },
    /** Warnings for entries that matched no route: a typo must not silently protect nothing. */
    unused(): string[] {
      return operations
        .filter((operation) => !used.has(operation))
        .map(
          (operation) =>
            `BILLET_MFA_PROTECTED: "${describeOperation(operation)}" matches no route that can be protected`,
        );
    },
  };
}

/**
 * The guard step, after the session is authenticated: refuses an impersonation on a route
 * that changes factors (403 BDC_9004), then an untrusted session where a condition says so
 * (403 BDC_1361, or the condition's own refusal), before anything of the call is done, unless the devKey bypasses MFA.
 */
export function mfaGuard(deps: AuthDeps, rule: GuardRule) {
  return async (request: FastifyRequest): Promise<void> => {
    const session = sessionOf(request);
    if (rule.refuseImpersonation) {
      const what = `${request.method} ${request.routeOptions.url ?? ""}`;
      const allowed = refuseImpersonation(deps, session, what);
      if (!allowed.ok) throw new ApiError(allowed.errors);
    }
    if (isTrusted(session)) return;
    for (const condition of rule.conditions) {
      const { when, refusal } =
        typeof condition === "function"
          ? { when: condition, refusal: "UNTRUSTED_SESSION" as const }
          : condition;
      if (await when(deps, session)) {
        deps.audit({
          event: "mfa.rejected",
          code: ERROR_CODES[refusal].code,
          reason: `untrusted session: ${request.method} ${request.routeOptions.url ?? ""}`,
          sessionRef: session.id,
          userId: session.userId,
          organizationId: session.organizationId,
          ip: request.ip,
        });
        throw new ApiError(refusal);
      }
    }
  };
}
