import type { FastifyReply, FastifyRequest } from "fastify";
import { type AuthDeps, ok, type Result } from "../auth/context.ts";
import {
  type BudgetOutcome,
  type BudgetScope,
  type HourlyBudget,
  type InFlightSlot,
  spendRequestBudget,
  spendRequestBudgetNow,
} from "../auth/limits/request-budget.ts";
import { sessionOf } from "./context.ts";
import { resultValue } from "./result.ts";

/**
 * The budget step of the pipeline (spec section 6): spends a request's budgets, shows the
 * hourly one in `X-RateLimit-*` headers, and holds the in-flight slot exactly as long as the
 * request. The pipeline runs it after the session is authenticated; the login spends its
 * budget itself, at step 5 of its checks, through `spendBudget`.
 */

/**
 * Gives back the request's slot, if it holds one. Idempotent; the pipeline calls it on every
 * way a request can end: an answer about to be written (success, an error answer, an
 * exception turned into BDC_1001, a request timeout), the client going away, the socket
 * timing out.
 */
export function releaseBudget(request: FastifyRequest): Promise<void> | undefined {
  // A request refused before the pipeline's first step (a malformed URL) has no context.
  const release = request.ctx?.release;
  if (release === undefined) return undefined;
  delete request.ctx.release;
  return release();
}

/**
 * Spends the budgets of `scope` for this request (see spendRequestBudget). On success the
 * request holds an in-flight slot until it ends, however it ends. A refusal is a failed
 * Result carrying its `Retry-After`.
 */
export async function spendBudget(
  deps: AuthDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: BudgetScope,
): Promise<Result<void>> {
  return settle(request, reply, await spendRequestBudget(deps, scope));
}

/** A spent budget onto the answer: its headers, and the slot held until the request ends. */
function settle(request: FastifyRequest, reply: FastifyReply, outcome: BudgetOutcome): Result<void> {
  if (outcome.hourly) setRateLimitHeaders(reply, outcome.hourly);
  if (!outcome.ok) return { ok: false, errors: outcome.errors, retryAfterSeconds: outcome.retryAfterSeconds };
  if (outcome.slot) holdUntilEnd(request, reply, outcome.slot);
  return ok(undefined);
}

/**
 * The step for a session-authenticated call: it counts toward its devKey's hourly budget and
 * holds one of the in-flight slots of (devKey, organization) until it ends. Only after the
 * session check, which has reset the idle timer: an invalid session spends nobody's budget.
 */
export async function spendSessionBudget(
  deps: AuthDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const { devKeyId, organizationId } = sessionOf(request);
  resultValue(await spendBudget(deps, request, reply, { devKeyId, organizationId }));
}

/**
 * `spendSessionBudget` without waiting, when the limit store answers at once (in this
 * process's memory: SQLite's buffered limits); undefined when it must be asked, nothing spent.
 */
export function spendSessionBudgetNow(
  deps: AuthDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Result<void> | undefined {
  const { devKeyId, organizationId } = sessionOf(request);
  const outcome = spendRequestBudgetNow(deps, { devKeyId, organizationId });
  return outcome === undefined ? undefined : settle(request, reply, outcome);
}

/** (ours) The devKey's hourly budget, in the headers GitHub and others made common. */
function setRateLimitHeaders(reply: FastifyReply, hourly: HourlyBudget): void {
  reply.header("x-ratelimit-limit", String(hourly.limit));
  reply.header("x-ratelimit-remaining", String(hourly.remaining));
  // Unix seconds; the top of an hour is a whole second.
  reply.header("x-ratelimit-reset", String(Math.ceil(hourly.resetAt / 1000)));
}

function holdUntilEnd(request: FastifyRequest, reply: FastifyReply, slot: InFlightSlot): void {
  const response = reply.raw;
  let given = false;
  let released: Promise<void> | undefined;
  // Undefined when the slot is back at once; else a promise that settles once the store has it
  // back (never rejects: a failure is logged, and the slot's lease expires by itself).
  const release = (): Promise<void> | undefined => {
    if (given) return released;
    given = true;
    response.off("close", release);
    released = slot
      .release()
      ?.catch((err: unknown) => request.log.warn({ err }, "releasing an in-flight slot failed"));
    return released;
  };
  // The request may already be over while its budget was being spent: the client left (the
  // response is destroyed) or a timeout answered it. Its "close" has then been emitted already.
  if (response.writableEnded || response.destroyed) {
    void release();
    return;
  }
  const previous = request.ctx.release;
  request.ctx.release = previous ? () => bothReleased(previous(), release()) : release;
  // The one signal every ending gives, a vanished client included.
  response.once("close", release);
}

function bothReleased(a: Promise<void> | undefined, b: Promise<void> | undefined): Promise<void> | undefined {
  return a && b ? Promise.all([a, b]).then(() => undefined) : (a ?? b);
}
