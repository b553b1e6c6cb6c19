import type { FastifyReply, FastifyRequest } from "fastify";
import type { App } from "../app.ts";
import { type AuthDeps, ok, type Result } from "../auth/context.ts";
import {
  type BudgetScope,
  type HourlyBudget,
  type InFlightSlot,
  spendRequestBudget,
} from "../auth/limits/request-budget.ts";

/**
 * The edge of spec section 6: spends a request's budgets, shows the hourly one in
 * `X-RateLimit-*` headers, and holds the in-flight slot exactly as long as the request. Any
 * route calls `acquireRequestBudget` once it knows the devKey and organization (login, every
 * session-authenticated call, later the partner routes).
 */

const replies = new WeakMap<FastifyRequest, FastifyReply>();
/** The release of the slot a request holds, until it is called. */
const endings = new WeakMap<FastifyRequest, () => void>();

/**
 * Releases the request's slot, if it holds one. Idempotent, and called from every way a
 * request can end: a response about to be written (success, an error answer, an exception
 * turned into BDC_1001, a request timeout), the client going away, the socket timing out.
 */
export function endRequestBudget(request: FastifyRequest): void {
  const end = endings.get(request);
  if (end === undefined) return;
  endings.delete(request);
  end();
}

/** Hooks that give acquireRequestBudget the reply and end every slot; registered once by createApp. */
export function registerRequestBudgetHooks(app: App): void {
  app.addHook("onRequest", (request, reply, done) => {
    replies.set(request, reply);
    done();
  });
  // onSend runs before the answer is written: a client that sends its next call as soon as it
  // reads an answer must never find the slot of that answer still taken.
  app.addHook("onSend", (request, _reply, payload, done) => {
    endRequestBudget(request);
    done(null, payload);
  });
  app.addHook("onResponse", (request, _reply, done) => {
    endRequestBudget(request);
    done();
  });
  app.addHook("onRequestAbort", (request, done) => {
    endRequestBudget(request);
    done();
  });
  app.addHook("onTimeout", (request, _reply, done) => {
    endRequestBudget(request);
    done();
  });
}

/**
 * Spends the budgets of `scope` for this request (see spendRequestBudget). On success the
 * request holds an in-flight slot until it ends, however it ends. A refusal is a failed
 * Result carrying its `Retry-After`.
 */
export async function acquireRequestBudget(
  deps: AuthDeps,
  request: FastifyRequest,
  scope: BudgetScope,
): Promise<Result<void>> {
  const reply = replies.get(request);
  if (reply === undefined) throw new Error("acquireRequestBudget: registerRequestBudgetHooks was not called");
  const outcome = await spendRequestBudget(deps, scope);
  if (outcome.hourly) setRateLimitHeaders(reply, outcome.hourly);
  if (!outcome.ok) return { ok: false, errors: outcome.errors, retryAfterSeconds: outcome.retryAfterSeconds };
  if (outcome.slot) holdUntilEnd(request, reply, outcome.slot);
  return ok(undefined);
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
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    response.off("close", release);
    slot.release().catch((err: unknown) => request.log.warn({ err }, "releasing an in-flight slot failed"));
  };
  // The request may already be over while its budget was being spent: the client left (the
  // response is destroyed) or a timeout answered it. Its "close" has then been emitted already.
  if (response.writableEnded || response.destroyed) {
    release();
    return;
  }
  const previous = endings.get(request);
  endings.set(
    request,
    previous
      ? () => {
          previous();
          release();
        }
      : release,
  );
  // The one signal every ending gives, a vanished client included.
  response.once("close", release);
}
