import { Type } from "typebox";
import type { AuthDeps } from "../../auth/context.ts";
import { type Clock, formatTimestamp, isSandboxClock, isSettable } from "../../clock.ts";
import { ApiError } from "../../errors.ts";
import { jsonObjectBody } from "../../http/request.ts";
import type { App } from "../../http/types.ts";
import { validateFields } from "../../http/validate.ts";
import { saveClockState } from "../../runtime.ts";
import { errorKeyFor, type FaultAction } from "../faults.ts";
import type { OperatorPlane } from "../plane.ts";
import * as S from "../schemas.ts";
import { answer, ResultsOf } from "../schemas.ts";
import { OPERATOR_PREFIX as P, requireSandbox } from "./common.ts";

const Amount = Type.Integer({ minimum: -3_650_000, maximum: 3_650_000 });
/** Moving the test clock back is allowed only when asked for (see CLOCK_BACKWARDS). */
const Backwards = Type.Optional(Type.Boolean());
const Advance = Type.Object({
  days: Type.Optional(Amount),
  hours: Type.Optional(Amount),
  minutes: Type.Optional(Amount),
  seconds: Type.Optional(Amount),
  milliseconds: Type.Optional(Amount),
  backwards: Backwards,
});
const SetTime = Type.Object({ time: Type.String({ minLength: 1 }), backwards: Backwards });
const FreezeAt = Type.Object({ time: Type.Optional(Type.String({ minLength: 1 })), backwards: Backwards });
const invalid = (name: string) => new ApiError({ key: "INVALID_VALUE", params: { paramName0: name } });

/** The test clock as the operator API shows it (`OperatorClock`). */
export function viewOfClock(clock: Clock) {
  return {
    time: formatTimestamp(clock.now()),
    epochMs: clock.now(),
    settable: isSettable(clock),
    frozen: isSandboxClock(clock) && clock.state().frozenAtMs !== null,
  };
}

/** The test clock and armed faults: sandbox mode only. */
export function registerOperatorSandboxRoutes(app: App, deps: AuthDeps, plane: OperatorPlane): void {
  const clock = deps.clock;
  const clockView = () => viewOfClock(clock);
  const settableClock = () => {
    requireSandbox(plane);
    if (!isSettable(clock)) throw new ApiError("SANDBOX_ONLY");
    return clock;
  };
  const sandboxClock = () => {
    const target = settableClock();
    if (!isSandboxClock(target)) throw new ApiError("SANDBOX_ONLY");
    return target;
  };
  /** Refuses a move to `ms` that goes back in time, unless the request said `backwards: true`. */
  const forwardOnly = (ms: number, backwards: boolean | undefined) => {
    if (ms < clock.now() && backwards !== true)
      throw new ApiError({ key: "CLOCK_BACKWARDS", params: { paramName0: formatTimestamp(ms) } });
  };
  // The state outlives a restart, so that sandbox time never jumps back, and reaches every
  // instance of a fleet at its next request.
  const persist = async () => {
    if (isSandboxClock(clock)) await saveClockState(deps.stores, clock);
  };
  /** A time the operator sent: ISO-8601, within what a Date can hold. */
  const timeOf = (time: string) => {
    const ms = Date.parse(time);
    if (!Number.isFinite(ms)) throw invalid("time");
    return ms;
  };

  app.get(`${P}/clock`, answer(S.OperatorClock), async () => clockView());
  app.put(`${P}/clock`, answer(S.OperatorClock), async (request) => {
    const target = settableClock();
    const { time, backwards } = validateFields(SetTime, jsonObjectBody(request));
    const ms = timeOf(time);
    forwardOnly(ms, backwards);
    target.set(ms);
    await persist();
    return clockView();
  });
  app.post(`${P}/clock/advance`, answer(S.OperatorClockAdvanced), async (request) => {
    const target = settableClock();
    const { backwards, ...by } = validateFields(Advance, jsonObjectBody(request));
    const ms =
      (by.days ?? 0) * 86_400_000 +
      (by.hours ?? 0) * 3_600_000 +
      (by.minutes ?? 0) * 60_000 +
      (by.seconds ?? 0) * 1000 +
      (by.milliseconds ?? 0);
    if (Object.keys(by).length === 0)
      throw new ApiError({ key: "MISSING_PARAMETER", params: { paramName0: "seconds" } });
    forwardOnly(clock.now() + ms, backwards);
    target.advance(ms);
    await persist();
    return { ...clockView(), advancedByMs: ms };
  });
  app.post(`${P}/clock/freeze`, answer(S.OperatorClock), async (request) => {
    const target = sandboxClock();
    // No body, or `{}`: frozen where it is now.
    const body = request.body === undefined ? {} : jsonObjectBody(request);
    const { time, backwards } = validateFields(FreezeAt, body);
    const ms = time === undefined ? undefined : timeOf(time);
    if (ms !== undefined) forwardOnly(ms, backwards);
    target.freeze(ms);
    await persist();
    return clockView();
  });
  app.post(`${P}/clock/unfreeze`, answer(S.OperatorClock), async () => {
    sandboxClock().unfreeze();
    await persist();
    return clockView();
  });
  // Back to real time: asked for by name, so it needs no flag even when it goes back.
  app.post(`${P}/clock/reset`, answer(S.OperatorClock), async () => {
    sandboxClock().resetToRealTime();
    await persist();
    return clockView();
  });

  app.get(`${P}/faults`, answer(ResultsOf(S.OperatorFault)), async () => {
    requireSandbox(plane);
    return { results: plane.faults.list() };
  });
  app.post(`${P}/faults`, answer(S.OperatorFault), async (request) => {
    requireSandbox(plane);
    const input = validateFields(S.OperatorFaultInput, jsonObjectBody(request));
    const actions = [input.error !== undefined, input.latencyMs !== undefined, input.drop === true].filter(
      Boolean,
    );
    if (actions.length !== 1) throw invalid("error");
    let action: FaultAction;
    if (input.error !== undefined) {
      const errorKey = errorKeyFor(input.error, input.status);
      if (!errorKey) throw invalid(input.status === undefined ? "error" : "status");
      action = { kind: "error", errorKey };
    } else if (input.latencyMs !== undefined) action = { kind: "latency", ms: input.latencyMs };
    else action = { kind: "drop" };
    const { path, method = "*", times = 1, devKeyId, organizationId } = input;
    return plane.faults.arm({ path, method, devKeyId, organizationId }, action, times, deps.clock.now());
  });
  app.delete(`${P}/faults`, answer(S.OperatorCleared), async () => {
    requireSandbox(plane);
    return { cleared: plane.faults.clear() };
  });
  app.delete(`${P}/faults/:id`, answer(S.OperatorCleared), async (request) => {
    requireSandbox(plane);
    const { id } = request.params as { id: string };
    const cleared = plane.faults.clear(id);
    if (cleared === 0) throw new ApiError({ key: "NOT_FOUND", params: { paramName0: id } });
    return { cleared };
  });
}
