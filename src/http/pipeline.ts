/**
 * Every per-request step, registered here and only here, in the order a request meets them.
 * Read top to bottom, this is what happens to one request; `request.ctx` (context.ts) carries
 * what the steps learn. Hooks are callback-style where they run on every request: an async
 * hook costs a promise per request.
 *
 *   on request     1 context, request id, security headers; refusals at the edge (shutting
 *                    down, an over-long URL, no Host)
 *                  2 the fleet's sandbox clock (sandbox mode on PostgreSQL)
 *                  3 the request timeout (503 BDC_1001, connection closed)
 *                  4 the operator plane starts observing a `/connect` request
 *                  5 operator routes and /metrics: the operator token and its per-IP throttle
 *   (routing, then the JSON body is read)
 *   pre-handler    6 sandbox: an armed fault (an error, a latency, a dropped connection)
 *                  7 by the route's `config.auth`: authentication (the session onto the context;
 *                    a v2 call's credentials are form fields of its body);
 *                    what the session's sign-in mode may call (403, sign-in-modes.ts)
 *                  8 session calls: the operator plane learns the caller; the hourly budget and
 *                    the in-flight slot (422 BDC_1144 / BDC_1322)
 *                  9 by the route's MFA rule: impersonation (403 BDC_9004), trust (403 BDC_1361)
 *   (the handler: validate the body, one domain call, the answer)
 *   on the answer 10 sandbox: a fault's latency, before serialising
 *                 11 the in-flight slot is given back; warnings and the payload for the request
 *                    log; `Connection: close` while shutting down
 *   at the end    12 the request line; the request log; the request's metrics; the slot
 *                    again, for requests that end without an answer (client gone, socket
 *                    timeout)
 */
import { setTimeout as delay } from "node:timers/promises";
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from "fastify";
import type { Logger } from "pino";
import type { AuthDeps } from "../auth/context.ts";
import { ApiError } from "../errors.ts";
import type { Metrics } from "../operator/metrics.ts";
import { createObservation, type Observation, type OperatorPlane } from "../operator/plane.ts";
import { operatorGuard } from "../operator/routes/common.ts";
import { authenticationStep, knownSessionStep } from "./authenticate.ts";
import { releaseBudget, spendSessionBudget, spendSessionBudgetNow } from "./budget.ts";
import { isSessionAuth, type RouteAuth } from "./context.ts";
import { createMfaRules, mfaGuard } from "./mfa-guard.ts";
import { noteSessionCaller } from "./observe.ts";
import { requestTimeout } from "./request-timeout.ts";
import { resultError } from "./result.ts";
import { setSecurityHeaders } from "./security-headers.ts";
import { modeRefusals } from "./sign-in-modes.ts";
import type { App } from "./types.ts";
import { edgeRefusal } from "./wire-edges.ts";

export interface PipelineOptions {
  deps: AuthDeps;
  logger: Logger;
  /** The operator plane: its observation of the API, and its token for the operator routes. */
  operator?: OperatorPlane | undefined;
  /** Whether this listener serves the public API and the operator routes. */
  servesApi: boolean;
  servesOperator: boolean;
  /** The fleet-wide sandbox clock (runtime.ts). */
  refreshClock?: (() => Promise<void>) | undefined;
  /** Prometheus metrics: every answered request is counted and timed. */
  metrics?: Metrics | undefined;
}

export function installPipeline(app: App, options: PipelineOptions): void {
  const { deps } = options;
  const observation: Observation | undefined =
    options.operator && options.servesApi ? createObservation(deps, options.operator) : undefined;
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });

  // 1. Context, request id and security headers on every answer; refusals at the edge.
  app.addHook("onRequest", (request, reply, done) => {
    request.ctx = {};
    reply.header("x-request-id", request.id);
    setSecurityHeaders(reply);
    // A request on a connection the server had when its close began: the load balancer
    // should send it elsewhere, readiness included.
    if (closing) return done(new ApiError("SHUTTING_DOWN"));
    const refused = edgeRefusal(request.raw);
    if (refused) return done(new ApiError(refused));
    done();
  });

  // 2. The sandbox clock of a fleet; health probes must not depend on it.
  const refreshClock = options.refreshClock;
  if (refreshClock) {
    app.addHook("onRequest", async (request) => {
      if (!request.url.startsWith("/health/")) await refreshClock();
    });
  }

  // 3. The request timeout.
  if (deps.config.requestTimeoutMs > 0)
    app.addHook("onRequest", requestTimeout(deps.config.requestTimeoutMs));

  // 4. The operator plane watches the API.
  if (observation) {
    app.addHook("onRequest", (request, reply, done) => {
      observation.start(request, reply);
      done();
    });
  }

  // 5. The operator token, before an operator route reads anything.
  const plane = options.operator;
  if (plane?.tokenHash && options.servesOperator) {
    const guard = operatorGuard(deps, plane);
    app.addHook("onRequest", (request, reply, done) => {
      // By the route found, not the URL: `/metrics/` and `/metrics?x` reach the same route.
      if (!request.url.startsWith("/operator/") && request.routeOptions.url !== METRICS_ROUTE) return done();
      guard(request, reply).then(() => done(), done);
    });
  }

  // 6. An armed fault (sandbox).
  if (observation) {
    app.addHook("preHandler", (request, reply, done) => {
      if (!observation.mayFault(request)) return done();
      observation.applyFault(request, reply).then(() => done(), done);
    });
  }

  // 7–9. The route's own steps, attached as each route is registered (they run after the
  // application-wide ones above), in this order.
  const rules = createMfaRules(deps.config.mfaProtected);
  app.addHook("onRoute", (route) => {
    const rule = rules.ruleFor(route);
    // A route the MFA guard protects needs a session; so does every route the operator lists.
    const auth: RouteAuth = route.config?.auth ?? (rule ? "session" : "none");
    const steps: preHandlerHookHandler[] = [];
    const authenticate = authenticationStep(deps, auth);
    // A session this process already knows is checked without a promise (SQLite's cache).
    const known = knownSessionStep(deps, auth);
    if (authenticate)
      steps.push((request, reply, done) => {
        if (known?.(request)) return done();
        authenticate(request, reply).then(() => done(), done);
      });
    if (isSessionAuth(auth)) {
      // What the session's sign-in mode may call (a sync token, an OAuth scope), before it
      // spends anything.
      const method = String([route.method].flat()[0]);
      const mfaProtected = (rule?.conditions.length ?? 0) > 0;
      const refusalFor = modeRefusals({ method, url: route.url, mfaProtected });
      steps.push((request, _reply, done) => {
        const session = request.ctx.session;
        const refusal = session && refusalFor(session);
        // The operator plane's warning (`sync-token-refused`, …).
        if (refusal) request.ctx.observer?.rejected(`${session.mode}-refused`);
        done(refusal ? new ApiError(refusal) : undefined);
      });
    }
    if (isSessionAuth(auth)) {
      steps.push((request, reply, done) => {
        if (!request.ctx.session) return done();
        noteSessionCaller(request);
        // Limits in this process's memory (SQLite) answer at once; shared ones are asked.
        const spent = spendSessionBudgetNow(deps, request, reply);
        if (spent) return done(spent.ok ? undefined : resultError(spent));
        spendSessionBudget(deps, request, reply).then(() => done(), done);
      });
    }
    if (rule && (auth === "session" || auth === "v2-session")) steps.push(mfaGuard(deps, rule));
    if (steps.length === 0) return;
    // The HEAD copy of a GET route arrives with the GET's steps already in place.
    const existing = route.preHandler === undefined ? [] : [route.preHandler].flat();
    if (existing.some((hook) => STEPS in hook)) return;
    route.preHandler = [...steps.map((step) => Object.assign(step, { [STEPS]: true })), ...existing];
  });
  // A typo in the operator's list must not silently protect nothing (the API's listener says so).
  if (options.servesApi) {
    app.addHook("onReady", async () => {
      for (const warning of rules.unused()) app.log.warn(warning);
    });
  }

  // 10. A fault's latency: the answer is ready, and waits (holding its slot).
  if (observation) {
    app.addHook("preSerialization", (request, _reply, payload, done) => {
      const ms = request.ctx.latencyMs;
      if (ms === undefined) return done(null, payload);
      delete request.ctx.latencyMs;
      delay(ms).then(() => done(null, payload), done);
    });
  }

  // 11. The answer is about to be written: a client that sends its next call as soon as it
  // reads this answer must never find this answer's slot still taken.
  // On a shared store (PostgreSQL, Redis) giving the slot back is a round trip: the answer waits
  // for it, or a client's next call could reach another instance before the store has it back.
  app.addHook("onSend", (request, reply, payload, done) => {
    const released = releaseBudget(request);
    const answer = () => {
      request.ctx.observer?.answered(reply, payload);
      // A keep-alive connection whose request was in flight when the close began would
      // otherwise stay open (and keep the process alive) until the client drops it.
      if (closing) reply.header("connection", "close");
      done(null, payload);
    };
    // A warning may wait on a lookup (a login in an organization with an OAuth app).
    const pending = request.ctx.observer?.settled?.();
    const waits = pending && released ? Promise.all([pending, released]) : (pending ?? released);
    if (waits) waits.then(answer, answer);
    else answer();
  });

  // 12. The end: the request line (its fields named here, none a secret, so it skips pino's
  // redaction, about 5 µs of every request); the request log; the slot of a request that
  // ended without an answer.
  const requestLines = options.logger.child({}, { redact: { paths: [], censor: "" } });
  const metrics = options.metrics;
  app.addHook("onResponse", (request, reply, done) => {
    void releaseBudget(request);
    request.ctx.observer?.finish(reply);
    metrics?.observeRequest(
      request.routeOptions.url ?? "unmatched",
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    // A route's own log level (the health probes are silent) still decides.
    if ((request.log as Logger).isLevelEnabled("info"))
      requestLines.info(requestLine(request, reply), "request");
    done();
  });
  app.addHook("onRequestAbort", (request, done) => {
    void releaseBudget(request);
    request.ctx.observer?.finish(undefined);
    done();
  });
  app.addHook("onTimeout", (request, _reply, done) => {
    void releaseBudget(request);
    done();
  });
}

const STEPS = Symbol("pipeline route steps");

/** `GET /metrics` sits beside the operator API and needs its token too. */
const METRICS_ROUTE = "/metrics";

function requestLine(request: FastifyRequest, reply: FastifyReply) {
  return {
    reqId: request.id,
    method: request.method,
    route: request.routeOptions.url ?? null,
    // The path only: a query string may carry secrets that a careless client put there.
    path: request.url.split("?", 1)[0],
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 100) / 100,
  };
}
