import { Type } from "typebox";
import type { AuthDeps } from "../../auth/context.ts";
import { formatTimestamp, isSettable } from "../../clock.ts";
import { ApiError } from "../../errors.ts";
import { jsonObjectBody } from "../../http/request.ts";
import type { App } from "../../http/types.ts";
import { validateFields } from "../../http/validate.ts";
import { CLOCK_OFFSET_SETTING } from "../../runtime.ts";
import { errorKeyFor, type FaultAction } from "../faults.ts";
import type { OperatorPlane } from "../plane.ts";
import * as S from "../schemas.ts";
import { answer, ResultsOf } from "../schemas.ts";
import { OPERATOR_PREFIX as P, requireSandbox } from "./common.ts";

const Amount = Type.Integer({ minimum: -3_650_000, maximum: 3_650_000 });
const Advance = Type.Object({
  days: Type.Optional(Amount),
  hours: Type.Optional(Amount),
  minutes: Type.Optional(Amount),
  seconds: Type.Optional(Amount),
  milliseconds: Type.Optional(Amount),
});
const SetTime = Type.Object({ time: Type.String({ minLength: 1 }) });
const invalid = (name: string) => new ApiError({ key: "INVALID_VALUE", params: { paramName0: name } });

/** The test clock and armed faults: sandbox mode only. */
export function registerOperatorSandboxRoutes(app: App, deps: AuthDeps, plane: OperatorPlane): void {
  const clock = deps.clock;
  const clockView = () => ({
    time: formatTimestamp(clock.now()),
    epochMs: clock.now(),
    settable: isSettable(clock),
  });
  const settableClock = () => {
    requireSandbox(plane);
    if (!isSettable(clock)) throw new ApiError("SANDBOX_ONLY");
    return clock;
  };
  // The offset outlives a restart, so that sandbox time never jumps back.
  const persist = async () => {
    const offset = (clock as { offset?: () => number }).offset?.();
    if (offset !== undefined)
      await deps.stores.settings.set(CLOCK_OFFSET_SETTING, String(offset), Date.now());
  };

  app.get(`${P}/clock`, answer(S.OperatorClock), async () => clockView());
  app.put(`${P}/clock`, answer(S.OperatorClock), async (request) => {
    const target = settableClock();
    const { time } = validateFields(SetTime, jsonObjectBody(request));
    const ms = Date.parse(time);
    if (!Number.isFinite(ms)) throw invalid("time");
    target.set(ms);
    await persist();
    return clockView();
  });
  app.post(`${P}/clock/advance`, answer(S.OperatorClockAdvanced), async (request) => {
    const target = settableClock();
    const by = validateFields(Advance, jsonObjectBody(request));
    const ms =
      (by.days ?? 0) * 86_400_000 +
      (by.hours ?? 0) * 3_600_000 +
      (by.minutes ?? 0) * 60_000 +
      (by.seconds ?? 0) * 1000 +
      (by.milliseconds ?? 0);
    if (Object.keys(by).length === 0)
      throw new ApiError({ key: "MISSING_PARAMETER", params: { paramName0: "seconds" } });
    target.advance(ms);
    await persist();
    return { ...clockView(), advancedByMs: ms };
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
