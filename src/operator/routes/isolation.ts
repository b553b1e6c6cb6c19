import { Type } from "typebox";
import type { AuthDeps } from "../../auth/context.ts";
import { newId } from "../../auth/crypto/ids.ts";
import { formatTimestamp, isSandboxClock, type SandboxClockState } from "../../clock.ts";
import { ApiError } from "../../errors.ts";
import { jsonObjectBody } from "../../http/request.ts";
import type { App } from "../../http/types.ts";
import { validateFields } from "../../http/validate.ts";
import { saveClockState } from "../../runtime.ts";
import type { StoreSnapshot } from "../../stores/types/index.ts";
import type { OperatorPlane } from "../plane.ts";
import * as S from "../schemas.ts";
import { answer, ResultsOf } from "../schemas.ts";
import { applySeed } from "../seed/seed.ts";
import { OPERATOR_PREFIX as P, requireSandbox } from "./common.ts";
import { viewOfClock } from "./sandbox.ts";

/** Snapshots a server holds at most; taking one more drops the oldest. */
export const SNAPSHOTS_KEPT = 20;

interface Held {
  id: string;
  createdAt: number;
  records: number;
  ms: number;
  snapshot: StoreSnapshot;
  clock: SandboxClockState | undefined;
}

const EMPTY: StoreSnapshot = { tables: [] };
const ResetTo = Type.Object({ to: Type.Optional(Type.Union([Type.Literal("empty"), Type.Literal("seed")])) });

/**
 * Isolation between tests (sandbox mode): a reset to the empty store, and snapshots taken and
 * restored by id. A snapshot is every record (organizations to resources, sessions, outbox,
 * audit events, limit counters and lockouts) and where the test clock stood; it is held in this
 * server's memory until it is deleted, pushed out by newer ones, or the server stops. A reset
 * or a restore also clears the armed faults and the request log, so that one test's leftovers
 * never reach the next. The operator token stays.
 */
export function registerOperatorIsolationRoutes(app: App, deps: AuthDeps, plane: OperatorPlane): void {
  const held = new Map<string, Held>();
  const clock = deps.clock;
  const clockView = () => viewOfClock(clock);
  const stores = () => {
    requireSandbox(plane);
    const { takeSnapshot, restoreSnapshot } = deps.stores;
    if (!takeSnapshot || !restoreSnapshot) throw new ApiError("SANDBOX_ONLY");
    return { takeSnapshot, restoreSnapshot };
  };
  const view = (snapshot: Held) => ({
    id: snapshot.id,
    createdTime: formatTimestamp(snapshot.createdAt),
    records: snapshot.records,
    ms: snapshot.ms,
  });
  const found = (id: string) => {
    const snapshot = held.get(id);
    if (!snapshot) throw new ApiError({ key: "NOT_FOUND", params: { paramName0: id.slice(0, 40) } });
    return snapshot;
  };

  /** The store replaced, then what the operator plane holds for the old one, then the clock. */
  const restore = async (
    snapshot: StoreSnapshot,
    clockState: SandboxClockState | undefined,
    id: string | null,
  ) => {
    const { restoreSnapshot } = stores();
    const started = performance.now();
    await restoreSnapshot(snapshot);
    plane.faults.clear();
    plane.requestLog.clear();
    if (isSandboxClock(clock)) {
      if (clockState) clock.restore(clockState);
      else clock.resetToRealTime();
      await saveClockState(deps.stores, clock);
    }
    return {
      snapshotId: id,
      records: recordsIn(snapshot),
      ms: round(performance.now() - started),
      clock: clockView(),
    };
  };

  // Back to the seed the server started with (`--seed`) by default, else to the empty store.
  app.post(`${P}/reset`, answer(S.OperatorRestored), async (request) => {
    const body = request.body === undefined ? {} : jsonObjectBody(request);
    const { to } = validateFields(ResetTo, body);
    const seed = plane.seed;
    if (to === "seed" && !seed) throw new ApiError({ key: "INVALID_VALUE", params: { paramName0: "to" } });
    const started = performance.now();
    const done = await restore(EMPTY, undefined, null);
    if (to === "empty" || !seed) return done;
    const applied = await applySeed(deps, seed.input);
    if (!applied.ok) throw new ApiError(applied.errors);
    return { ...done, ms: round(performance.now() - started), seed: applied.value };
  });

  app.post(`${P}/snapshots`, answer(S.OperatorSnapshot), async () => {
    const { takeSnapshot } = stores();
    const started = performance.now();
    const snapshot = await takeSnapshot();
    const taken: Held = {
      id: newId("snapshot"),
      createdAt: clock.now(),
      records: recordsIn(snapshot),
      ms: round(performance.now() - started),
      snapshot,
      clock: isSandboxClock(clock) ? clock.state() : undefined,
    };
    held.set(taken.id, taken);
    while (held.size > SNAPSHOTS_KEPT) held.delete(held.keys().next().value as string);
    return view(taken);
  });

  app.get(`${P}/snapshots`, answer(ResultsOf(S.OperatorSnapshot)), async () => {
    requireSandbox(plane);
    return { results: [...held.values()].reverse().map(view) };
  });

  app.post<{ Params: { id: string } }>(
    `${P}/snapshots/:id/restore`,
    answer(S.OperatorRestored),
    async (request) => {
      stores();
      const snapshot = found(request.params.id);
      return restore(snapshot.snapshot, snapshot.clock, snapshot.id);
    },
  );

  app.delete<{ Params: { id: string } }>(`${P}/snapshots/:id`, answer(S.OperatorCleared), async (request) => {
    requireSandbox(plane);
    found(request.params.id);
    held.delete(request.params.id);
    return { cleared: 1 };
  });
}

const recordsIn = (snapshot: StoreSnapshot) =>
  snapshot.tables.reduce((total, table) => total + table.rows.length, 0);

const round = (ms: number) => Math.round(ms * 100) / 100;
