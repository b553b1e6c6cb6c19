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
  /** The seed file the server started with (`--seed`), parsed: what a reset goes back to. */
  seed: { file: string; input: unknown } | undefined;
}

export function createOperatorPlane(
  config: Config,
  auditLog: AuditLog,
  tokenHash: string | undefined,
  seed?: { file: string; input: unknown },
): OperatorPlane {
  return {
    config,
    tokenHash,
    requestLog: createRequestLog(config.requestLogSize),
    faults: createFaultRegistry(),
    auditLog,
    sandbox: config.mode === "sandbox",
    seed,
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

  const watches: Watches = { habits, concurrency, v2Logins, tokens };

  /** Makes the request's observer: what it learns, recorded in the request log at the end. */
  function start(request: FastifyRequest, reply: FastifyReply): void {
    if (!isApi(request)) return;
    const observer = new Observed(deps, plane, watches, request);
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
    mayFault: (request: FastifyRequest) => plane.sandbox && plane.faults.armed() && isApi(request),
    applyFault,
  };
}

export type Observation = ReturnType<typeof createObservation>;

interface Watches {
  habits: ReturnType<typeof createLoginHabits>;
  concurrency: ReturnType<typeof createConcurrencyWatch>;
  v2Logins: ReturnType<typeof createV2LoginWatch>;
  tokens: ReturnType<typeof createTokenWatch>;
}

/**
 * One request's observer: what it learns, recorded in the request log at the end. A class, so
 * that observing a request costs one object (its methods are shared), and its warnings a set
 * only when there is one.
 */
class Observed implements RequestObserver {
  private readonly startedAt: number;
  private warnings: Set<WarningCode> | undefined;
  private devKeyId: string | null = null;
  private organizationId: string | null = null;
  /** The answer as sent, parsed only if an operator reads the request log. */
  private responsePayload: string | undefined;
  private leave: (() => void) | undefined;
  private finished = false;
  /** A lookup the warnings wait for before the answer is written (settled()). */
  private pending: Promise<void> | undefined;

  constructor(
    private readonly deps: AuthDeps,
    private readonly plane: OperatorPlane,
    private readonly watches: Watches,
    private readonly request: FastifyRequest,
  ) {
    this.startedAt = deps.clock.now();
    if (plane.sandbox) for (const code of queryWarnings(request.url)) this.warn(code);
  }

  private warn(code: WarningCode): void {
    this.warnings ??= new Set();
    this.warnings.add(code);
  }

  enter(devKey: string, organization: string, devKeyHash?: string): void {
    if (!this.plane.sandbox || this.leave) return;
    const watch = this.watches.concurrency.enter(`${devKeyHash ?? hashSecret(devKey)}:${organization}`);
    this.leave = watch.leave;
    if (watch.exceeded) this.warn("concurrency");
  }

  caller(facts: CallerFacts): void {
    this.devKeyId = facts.devKeyId;
    this.organizationId = facts.organizationId;
    if (!this.plane.sandbox) return;
    const { habits, v2Logins, tokens } = this.watches;
    const now = () => this.deps.clock.now();
    if (facts.kind === "token") {
      if (facts.credentialId && tokens.issued(facts.credentialId, now())) this.warn("token-per-call");
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
      return;
    }
    this.pending = this.deps.stores.oauthApps.hasActive(facts.organizationId).then(
      (has) => {
        if (has) this.warn("oauth-available");
      },
      () => {},
    );
    if (habits.login(caller)) this.warn("login-per-call");
    if (facts.via === "v2" && v2Logins.login(caller, now())) this.warn("v2-login-per-call");
  }

  settled(): Promise<void> | undefined {
    return this.pending;
  }

  rejected(reason: string | undefined): void {
    if (this.plane.sandbox && reason === "idle") this.warn("expired-session");
    if (this.plane.sandbox && reason === "sync-token-refused") this.warn("sync-token-refused");
  }

  answered(answer: FastifyReply, payload: unknown): void {
    if (this.warnings) {
      answer.header(
        "x-billet-warning",
        [...this.warnings].map((code) => `${code}: ${WARNINGS[code]}`),
      );
    }
    if (this.plane.config.requestLogSize > 0 && typeof payload === "string") this.responsePayload = payload;
  }

  finish(answer: FastifyReply | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.leave?.();
    const { request } = this;
    this.plane.requestLog.record({
      requestId: request.id,
      at: this.startedAt,
      method: request.method,
      path: request.url.split("?", 1)[0] ?? "",
      status: answer ? answer.statusCode : 0,
      latencyMs: answer ? Math.round(answer.elapsedTime * 100) / 100 : 0,
      devKeyId: this.devKeyId,
      organizationId: this.organizationId,
      warnings: this.warnings ? [...this.warnings] : [],
      requestBody: request.body,
      responsePayload: this.responsePayload,
    });
  }
}

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
