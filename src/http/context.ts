/**
 * The one object a request carries through the pipeline (pipeline.ts): what each step has
 * learned, for the steps after it and for the handler. It replaces module-level maps keyed by
 * request, and this is the one place that extends Fastify's types.
 */
import type { FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import type { ErrorKey } from "../errors.ts";
import type { PartnerSessionRecord } from "../stores/types/partners.ts";
import type { SessionRecord } from "../stores/types/sessions.ts";
import type { RequestObserver } from "./observe.ts";

/**
 * Who may call a route, checked by the pipeline before the handler runs: an organization
 * session (`devKey` + `sessionId`), a partner session (`appKey` + `sessionId`), either (the
 * one `POST /v3/logout` serves both), an organization session given as v2's form fields
 * (`/api/v2`, http/v2-auth.ts), the operator token, or anyone.
 */
export type RouteAuth = "session" | "partner" | "session-or-partner" | "v2-session" | "none";

/** Whether a route's auth is an organization session (v3 headers, or v2 form fields). */
export const isSessionAuth = (auth: RouteAuth): boolean =>
  auth === "session" || auth === "session-or-partner" || auth === "v2-session";

/** Does this call need a trusted session? (the MFA guard, mfa-guard.ts) */
export type MfaCondition = (deps: AuthDeps, session: SessionRecord) => boolean | Promise<boolean>;

/**
 * `true`: protected where the session's organization requires MFA. A condition: protected
 * when it says so. `false`: never protected, whatever the operator lists (the routes that
 * make a session trusted).
 */
export type MfaProtection = boolean | MfaCondition;

export interface RequestContext {
  /** The organization-level session, once the authentication step has checked it. */
  session?: SessionRecord;
  /** The partner session, once the authentication step has checked it. */
  partnerSession?: PartnerSessionRecord;
  /** Gives back what the request holds (its in-flight slot); set by the budget step, run once. */
  release?: () => Promise<void> | undefined;
  /** The operator plane's eyes on this request (request log, warnings), when it is on. */
  observer?: RequestObserver;
  /** Latency a fault armed for this request, applied once its answer is ready. */
  latencyMs?: number;
}

declare module "fastify" {
  interface FastifyRequest {
    ctx: RequestContext;
  }
  interface FastifyContextConfig {
    /** Who may call the route (default `none`); see RouteAuth. */
    auth?: RouteAuth;
    /** Declares the route MFA-protected; see mfa-guard.ts. */
    mfaProtected?: MfaProtection;
    /**
     * The route changes the person's factors: a session made by a partner's login-as-user is
     * refused with 403 BDC_9004 (spec 5.1), before the MFA guard's own check.
     */
    refuseImpersonation?: boolean;
    /**
     * What the route's own `mfaProtected` condition answers when it refuses (default
     * UNTRUSTED_SESSION, 403 BDC_1361). The operator's list always answers BDC_1361.
     */
    mfaRefusal?: ErrorKey;
  }
  interface FastifyInstance {
    /** `METHOD /url` of every route the route modules registered: what the OpenAPI test checks. */
    registeredRoutes: readonly string[];
  }
}

/** The session the pipeline authenticated for a route declared `auth: "session"`. */
export function sessionOf(request: FastifyRequest): SessionRecord {
  const session = request.ctx.session;
  if (!session) throw new Error(`${request.routeOptions.url}: no session (declare config.auth "session")`);
  return session;
}

/** The partner session the pipeline authenticated for a route declared `auth: "partner"`. */
export function partnerSessionOf(request: FastifyRequest): PartnerSessionRecord {
  const session = request.ctx.partnerSession;
  if (!session)
    throw new Error(`${request.routeOptions.url}: no partner session (declare config.auth "partner")`);
  return session;
}
