import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { hashSecret } from "../auth/crypto/ids.ts";
import { clockHour, secondsUntil } from "../auth/limits/limits.ts";
import type { Config } from "../config.ts";
import { ApiError, ERROR_CODES, type ErrorKey } from "../errors.ts";
import { bearerTokenOf } from "../http/authenticate.ts";
import type { CallerFacts, RequestObserver } from "../http/observe.ts";
import type { AuditLog } from "./audit-log.ts";
import { createFaultRegistry, type FaultRegistry, type RequestFacts } from "./faults.ts";
import { createRequestLog, type RequestLog } from "./request-log.ts";
import {
  createConcurrencyWatch,
  createLoginHabits,
  createTokenWatch,
  createV2LoginWatch,
  queryWarnings,
  WARNINGS,
  type WarningCode,
} from "./warnings.ts";

/** Everything the operator API and console read or steer in a running server. */
export interface OperatorPlane {
  config: Config;
  /** SHA-256 of the operator token; undefined turns the operator API off. */
  tokenHash: string | undefined;
  requestLog: RequestLog;
  faults: FaultRegistry;
  auditLog: AuditLog;
  sandbox: boolean;
}

export function createOperatorPlane(
  config: Config,
  auditLog: AuditLog,
  tokenHash: string | undefined,
): OperatorPlane {
  return {
    config,
    tokenHash,
    requestLog: createRequestLog(config.requestLogSize),
    faults: createFaultRegistry(),
    auditLog,
    sandbox: config.mode === "sandbox",
  };
}

/** BILL's API: v3 under /connect, v2 under /api/v2. */
const isApi = (request: FastifyRequest) =>
  request.url.startsWith("/connect/") ||
  request.url.startsWith("/api/v2/") ||
  request.url.startsWith("/authx/");

/** The devKey and organization a fault may be scoped to, read only when a fault needs them. */
async function requestFacts(
  deps: AuthDeps,
  faults: FaultRegistry,
  request: FastifyRequest,
): Promise<RequestFacts> {
  const needs = faults.needs();
  const body = (request.body && typeof request.body === "object" ? request.body : {}) as Record<
    string,
    unknown
  >;
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const devKey = header("devkey") ?? (typeof body.devKey === "string" ? body.devKey : undefined);
  const facts: RequestFacts = { method: request.method, path: request.url.split("?", 1)[0] ?? "" };
  // An OAuth call carries neither: its access token's session row names both (its app's
  // devKey and organization), and a Bearer header wins over the others as authentication does.
  const bearer = bearerTokenOf(request);
  if (bearer && (needs.devKey || needs.organization)) {
    const token = await deps.stores.sessions.findByTokenHash(hashSecret(bearer));
    if (token?.mode === "oauth") {
      if (needs.devKey) facts.devKeyId = token.devKeyId;
      if (needs.organization) facts.organizationId = token.organizationId;
      return facts;
    }
  }
  if (needs.devKey && devKey)
    facts.devKeyId = (await deps.stores.devKeys.findByKeyHash(hashSecret(devKey)))?.id;
  if (needs.organization) {
    // v2 calls carry theirs as form fields: `sessionId`, and the login's `orgId`.
    const sessionId =
      header("sessionid") ?? (typeof body.sessionId === "string" ? body.sessionId : undefined);
    facts.organizationId =
      header("organizationid") ??
      (typeof body.organizationId === "string" ? body.organizationId : undefined) ??
      (typeof body.orgId === "string" ? body.orgId : undefined) ??
      (sessionId
        ? (await deps.stores.sessions.findByTokenHash(hashSecret(sessionId)))?.organizationId
        : undefined);
  }
  return facts;
}

/**
 * The operator plane's steps in the request pipeline (src/http/pipeline.ts) for `/connect`
 * requests: the request log (always), and in sandbox mode the armed faults and the
 * integration warnings. Per-request state lives in the observer it puts on the request.
 */
export function createObservation(deps: AuthDeps, plane: OperatorPlane) {
  const habits = createLoginHabits();
  const concurrency = createConcurrencyWatch();
  const v2Logins = createV2LoginWatch(deps.config.sessionIdleSeconds * 1000);
  const tokens = createTokenWatch(deps.config.oauthTokenSeconds * 1000);

  /** Makes the request's observer: what it learns, recorded in the request log at the end. */
  function start(request: FastifyRequest, reply: FastifyReply): void {
    if (!isApi(request)) return;
    const startedAt = deps.clock.now();
    const warnings = new Set<WarningCode>(plane.sandbox ? queryWarnings(request.url) : []);
    let devKeyId: string | null = null;
    let organizationId: string | null = null;
    /** The answer as sent, parsed only if an operator reads the request log. */
    let responsePayload: string | undefined;
    let leave: (() => void) | undefined;
    let finished = false;
    /** A lookup the warnings wait for before the answer is written (settled()). */
    let pending: Promise<void> | undefined;
    const observer: RequestObserver = {
      enter(devKey, organization, devKeyHash) {
        if (!plane.sandbox || leave) return;
        const watch = concurrency.enter(`${devKeyHash ?? hashSecret(devKey)}:${organization}`);
        leave = watch.leave;
        if (watch.exceeded) warnings.add("concurrency");
      },
      caller(facts: CallerFacts) {
        devKeyId = facts.devKeyId;
        organizationId = facts.organizationId;
        if (!plane.sandbox) return;
        if (facts.kind === "token") {
          if (facts.credentialId && tokens.issued(facts.credentialId, deps.clock.now()))
            warnings.add("token-per-call");
          return;
        }
        if (facts.mode === "oauth") {
          if (facts.kind === "call" && facts.credentialId) tokens.call(facts.credentialId);
          return;
        }
        const caller = `${facts.devKeyHash ?? hashSecret(facts.devKey)}:${facts.userId}`;
        if (facts.kind === "call") {
          habits.call(caller);
          v2Logins.call(caller);
        } else {
          const organization = facts.organizationId;
          pending = deps.stores.oauthApps.hasActive(organization).then(
            (has) => {
              if (has) warnings.add("oauth-available");
            },
            () => {},
          );
          if (habits.login(caller)) warnings.add("login-per-call");
          if (facts.via === "v2" && v2Logins.login(caller, deps.clock.now()))
            warnings.add("v2-login-per-call");
        }
      },
      settled() {
        return pending;
      },
      rejected(reason) {
        if (plane.sandbox && reason === "idle") warnings.add("expired-session");
        if (plane.sandbox && reason === "sync-token-refused") warnings.add("sync-token-refused");
      },
      answered(answer, payload) {
        if (warnings.size > 0) {
          answer.header(
            "x-billet-warning",
            [...warnings].map((code) => `${code}: ${WARNINGS[code]}`),
          );
        }
        if (plane.config.requestLogSize > 0 && typeof payload === "string") responsePayload = payload;
      },
      finish(answer) {
        if (finished) return;
        finished = true;
        leave?.();
        plane.requestLog.record({
          requestId: request.id,
          at: startedAt,
          method: request.method,
          path: request.url.split("?", 1)[0] ?? "",
          status: answer ? answer.statusCode : 0,
          latencyMs: answer ? Math.round(answer.elapsedTime * 100) / 100 : 0,
          devKeyId,
          organizationId,
          warnings: [...warnings],
          requestBody: request.body,
          responsePayload,
        });
      },
    };
    request.ctx.observer = observer;
    // A dropped or aborted connection may never reach onResponse: close is the last word.
    reply.raw.once("close", () => observer.finish(reply));
  }

  /** Sandbox: the armed fault matching this request, if any (an error, a latency, a drop). */
  async function applyFault(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const action = plane.faults.take(await requestFacts(deps, plane.faults, request));
    if (!action) return;
    // A slow answer, as from a slow upstream: the request runs, then waits before answering,
    // holding its in-flight slot meanwhile (the pipeline applies it before serialising).
    if (action.kind === "latency") request.ctx.latencyMs = action.ms;
    else if (action.kind === "error")
      throw new ApiError(
        { key: action.errorKey, params: faultParams(action.errorKey, deps.config.hourlyRequestLimit) },
        { retryAfterSeconds: retryAfterFor(action.errorKey, deps.clock.now()) },
      );
    else dropConnection(request, reply);
  }

  return {
    start,
    /** Whether a fault may apply to this request: sandbox mode, an API path, a fault armed. */
    mayFault: (request: FastifyRequest) => plane.sandbox && isApi(request) && plane.faults.list().length > 0,
    applyFault,
  };
}

export type Observation = ReturnType<typeof createObservation>;

/**
 * Values for the placeholders of a faked error's message, so that it reads like a real one:
 * BDC_1144 names the hourly limit; any other placeholder says the error was armed on purpose.
 */
function faultParams(key: ErrorKey, hourlyLimit: number): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, name] of ERROR_CODES[key].message.matchAll(/\$\{(\w+)\}/g)) {
    params[name as string] = key === "REQUEST_BUDGET_EXCEEDED" ? String(hourlyLimit) : "fault";
  }
  return params;
}

/** A fault's 1144/1322 carries Retry-After like the real ones: 1 s, or until the next clock hour. */
function retryAfterFor(key: string, now: number): number | undefined {
  if (key === "CONCURRENCY_LIMIT") return 1;
  if (key === "REQUEST_BUDGET_EXCEEDED") return secondsUntil(clockHour(now).end, now);
  return undefined;
}

function dropConnection(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
}
