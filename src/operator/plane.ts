import { setTimeout as delay } from "node:timers/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { hashSecret } from "../auth/crypto/ids.ts";
import { clockHour } from "../auth/limits/limits.ts";
import type { Config } from "../config.ts";
import { ApiError, ERROR_CODES, type ErrorKey } from "../errors.ts";
import type { CallerFacts, RequestObserver } from "../http/observe.ts";
import type { AuditLog } from "./audit-log.ts";
import { createFaultRegistry, type FaultRegistry, type RequestFacts } from "./faults.ts";
import { createRequestLog, type RequestLog } from "./request-log.ts";
import {
  createConcurrencyWatch,
  createLoginHabits,
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

interface Notes {
  startedAt: number;
  warnings: Set<WarningCode>;
  devKeyId: string | null;
  organizationId: string | null;
  /** The answer as sent, parsed only if an operator reads the request log. */
  responsePayload: string | undefined;
  leave?: () => void;
}

const notesOf = new WeakMap<FastifyRequest, Notes>();
/** Latency armed for a request by a fault, applied once its answer is ready. */
const latencyOf = new WeakMap<FastifyRequest, number>();
const isApi = (request: FastifyRequest) => request.url.startsWith("/connect/");

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
  if (needs.devKey && devKey)
    facts.devKeyId = (await deps.stores.devKeys.findByKeyHash(hashSecret(devKey)))?.id;
  if (needs.organization) {
    const sessionId = header("sessionid");
    facts.organizationId =
      header("organizationid") ??
      (typeof body.organizationId === "string" ? body.organizationId : undefined) ??
      (sessionId
        ? (await deps.stores.sessions.findByTokenHash(hashSecret(sessionId)))?.organizationId
        : undefined);
  }
  return facts;
}

/**
 * Hooks on every `/connect` request: the request log (always), and in sandbox mode the armed
 * faults and the integration warnings.
 */
export function installObservation(app: FastifyInstance, deps: AuthDeps, plane: OperatorPlane): void {
  const habits = createLoginHabits();
  const concurrency = createConcurrencyWatch();

  // Callback-style hooks: these run on every request, and an async hook costs a promise each.
  app.addHook("onRequest", (request, reply, done) => {
    if (!isApi(request)) return done();
    const notes: Notes = {
      startedAt: deps.clock.now(),
      warnings: new Set(plane.sandbox ? queryWarnings(request.url) : []),
      devKeyId: null,
      organizationId: null,
      responsePayload: undefined,
    };
    notesOf.set(request, notes);
    const observer: RequestObserver = {
      enter(devKey, organizationId, devKeyHash) {
        if (!plane.sandbox || notes.leave) return;
        const watch = concurrency.enter(`${devKeyHash ?? hashSecret(devKey)}:${organizationId}`);
        notes.leave = watch.leave;
        if (watch.exceeded) notes.warnings.add("concurrency");
      },
      caller(facts: CallerFacts) {
        notes.devKeyId = facts.devKeyId;
        notes.organizationId = facts.organizationId;
        if (!plane.sandbox) return;
        const caller = `${facts.devKeyHash ?? hashSecret(facts.devKey)}:${facts.userId}`;
        if (facts.kind === "call") habits.call(caller);
        else if (habits.login(caller)) notes.warnings.add("login-per-call");
      },
      rejected(reason) {
        if (plane.sandbox && reason === "idle") notes.warnings.add("expired-session");
      },
    };
    request.observer = observer;
    // A dropped or aborted connection may never reach onResponse: close is the last word.
    reply.raw.once("close", () => finish(request, reply));
    done();
  });

  app.addHook("preHandler", (request, reply, done) => {
    if (!plane.sandbox || !isApi(request) || plane.faults.list().length === 0) return done();
    applyFault(request, reply).then(() => done(), done);
  });

  async function applyFault(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const action = plane.faults.take(await requestFacts(deps, plane.faults, request));
    if (!action) return;
    // A slow answer, as from a slow upstream: the request runs, then waits before answering,
    // holding its in-flight slot meanwhile (see the preSerialization hook below).
    if (action.kind === "latency") latencyOf.set(request, action.ms);
    else if (action.kind === "error")
      throw new ApiError(
        { key: action.errorKey, params: faultParams(action.errorKey, deps.config.hourlyRequestLimit) },
        { retryAfterSeconds: retryAfterFor(action.errorKey, deps.clock.now()) },
      );
    else dropConnection(request, reply);
  }

  // Callback-style like the other per-request hooks: only an armed latency fault waits.
  app.addHook("preSerialization", (request, _reply, payload, done) => {
    const ms = latencyOf.get(request);
    if (ms === undefined) return done(null, payload);
    latencyOf.delete(request);
    delay(ms).then(() => done(null, payload), done);
  });

  app.addHook("onSend", (request, reply, payload, done) => {
    const notes = notesOf.get(request);
    if (!notes) return done(null, payload);
    if (notes.warnings.size > 0) {
      reply.header(
        "x-billet-warning",
        [...notes.warnings].map((code) => `${code}: ${WARNINGS[code]}`),
      );
    }
    if (plane.config.requestLogSize > 0 && typeof payload === "string") notes.responsePayload = payload;
    done(null, payload);
  });

  function finish(request: FastifyRequest, reply: FastifyReply | undefined) {
    const notes = notesOf.get(request);
    if (!notes) return;
    notesOf.delete(request);
    notes.leave?.();
    plane.requestLog.record({
      requestId: request.id,
      at: notes.startedAt,
      method: request.method,
      path: request.url.split("?", 1)[0] ?? "",
      status: reply ? reply.statusCode : 0,
      latencyMs: reply ? Math.round(reply.elapsedTime * 100) / 100 : 0,
      devKeyId: notes.devKeyId,
      organizationId: notes.organizationId,
      warnings: [...notes.warnings],
      requestBody: request.body,
      responsePayload: notes.responsePayload,
    });
  }
  app.addHook("onResponse", (request, reply, done) => {
    finish(request, reply);
    done();
  });
  app.addHook("onRequestAbort", (request, done) => {
    finish(request, undefined);
    done();
  });
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
  if (key === "REQUEST_BUDGET_EXCEEDED") return Math.max(1, Math.ceil((clockHour(now).end - now) / 1000));
  return undefined;
}

function dropConnection(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
}
