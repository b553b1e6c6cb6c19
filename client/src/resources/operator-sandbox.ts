/** `operator.clock` and `operator.faults`: the sandbox's test clock and armed faults. */
import type { RequestOptions } from "../core/api-core.ts";
import { path } from "../core/path.ts";
import type {
  OperatorCleared,
  OperatorClock,
  OperatorClockAdvanced,
  OperatorFault,
  OperatorFaultInput,
  OperatorRestored,
  OperatorResults,
  OperatorSnapshot,
} from "../operator-types.ts";
import type { Send } from "./send.ts";

/**
 * How far `clock.advance` moves the clock; the amounts add up. A negative total moves it back,
 * which the server refuses (409 `BDC_9015`) unless `backwards` is true.
 */
export interface ClockAdvance {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
  /** Allow the move to go back in time: expired sessions not yet removed come back, lockouts last longer. */
  backwards?: boolean;
}

/** Options of a move to a given time (`set`, `freeze`). */
export interface ClockMoveOptions extends RequestOptions {
  /** Allow the move to go back in time (otherwise 409 `BDC_9015`). */
  backwards?: boolean;
}

/**
 * The test clock (sandbox mode; `BDC_9011` in service mode): sessions, MFA tokens, lockouts
 * and limit windows age with it.
 *
 * @example
 * await operator.clock.advance({ minutes: 35, seconds: 1 }); // every idle session is now expired
 */
export class TestClock {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** @example const { time, epochMs } = await operator.clock.get(); */
  get(options?: RequestOptions): Promise<OperatorClock> {
    return this.#send({ method: "GET", path: "/clock", options });
  }

  /**
   * Sets the clock (frozen or running, it stays so). Back in time only with `backwards: true`.
   * @example await operator.clock.set("2026-12-01T00:00:00Z");
   */
  set(time: string | Date, options?: ClockMoveOptions): Promise<OperatorClock> {
    const { backwards, ...rest } = options ?? {};
    const body = { time: timeText(time), ...(backwards === undefined ? {} : { backwards }) };
    return this.#send({ method: "PUT", path: "/clock", body, options: rest });
  }

  /** @example await operator.clock.advance({ hours: 1 }); */
  advance(by: ClockAdvance, options?: RequestOptions): Promise<OperatorClockAdvanced> {
    return this.#send({ method: "POST", path: "/clock/advance", body: by, options });
  }

  /**
   * Stops the clock, now or at `time`: it shows that instant until it is moved, unfrozen or
   * reset, so a test's timestamps are exact.
   * @example await operator.clock.freeze("2026-12-01T09:00:00Z");
   */
  freeze(time?: string | Date, options?: ClockMoveOptions): Promise<OperatorClock> {
    const { backwards, ...rest } = options ?? {};
    const body = {
      ...(time === undefined ? {} : { time: timeText(time) }),
      ...(backwards === undefined ? {} : { backwards }),
    };
    return this.#send({ method: "POST", path: "/clock/freeze", body, options: rest });
  }

  /** Runs the clock again from where it was frozen. @example await operator.clock.unfreeze(); */
  unfreeze(options?: RequestOptions): Promise<OperatorClock> {
    return this.#send({ method: "POST", path: "/clock/unfreeze", body: {}, options });
  }

  /** Back to real time, running (even when that is earlier). @example await operator.clock.reset(); */
  reset(options?: RequestOptions): Promise<OperatorClock> {
    return this.#send({ method: "POST", path: "/clock/reset", body: {}, options });
  }
}

const timeText = (time: string | Date): string => (typeof time === "string" ? time : time.toISOString());

/**
 * Armed faults (sandbox mode): the next matching requests answer an error, wait, or lose
 * their connection.
 *
 * @example
 * await operator.faults.arm({ method: "POST", path: "/v3/login", error: "BDC_1322", times: 1 });
 */
export class OperatorFaults {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** @example await operator.faults.arm({ path: "/v3/login", latencyMs: 500 }); */
  arm(fault: OperatorFaultInput, options?: RequestOptions): Promise<OperatorFault> {
    return this.#send({ method: "POST", path: "/faults", body: fault, options });
  }

  /** The faults still armed. @example const armed = await operator.faults.list(); */
  async list(options?: RequestOptions): Promise<OperatorFault[]> {
    return (await this.#send<OperatorResults<OperatorFault>>({ method: "GET", path: "/faults", options }))
      .results;
  }

  /** Clears one fault, or every fault when no id is given; resolves with how many. */
  async clear(id?: string, options?: RequestOptions): Promise<number> {
    const target = id === undefined ? "/faults" : path`/faults/${id}`;
    return (await this.#send<OperatorCleared>({ method: "DELETE", path: target, options })).cleared;
  }
}

/**
 * Isolation between tests (sandbox mode): snapshots of every record and the test clock, held by
 * the server until deleted (the newest 20), and restored by id. A restore, like
 * `operator.reset()`, also clears armed faults and the request log.
 *
 * @example
 * const { id } = await operator.snapshots.create();   // after seeding, once
 * afterEach(() => operator.snapshots.restore(id));     // every test starts there
 */
export class OperatorSnapshots {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** Takes a snapshot now. @example const { id, records, ms } = await operator.snapshots.create(); */
  create(options?: RequestOptions): Promise<OperatorSnapshot> {
    return this.#send({ method: "POST", path: "/snapshots", body: {}, options });
  }

  /** The snapshots the server holds, newest first. */
  async list(options?: RequestOptions): Promise<OperatorSnapshot[]> {
    return (
      await this.#send<OperatorResults<OperatorSnapshot>>({ method: "GET", path: "/snapshots", options })
    ).results;
  }

  /** Puts every record and the clock back as they were when `id` was taken. */
  restore(id: string, options?: RequestOptions): Promise<OperatorRestored> {
    return this.#send({ method: "POST", path: path`/snapshots/${id}/restore`, body: {}, options });
  }

  /** Forgets a snapshot; resolves with how many were cleared (1). */
  async delete(id: string, options?: RequestOptions): Promise<number> {
    return (await this.#send<OperatorCleared>({ method: "DELETE", path: path`/snapshots/${id}`, options }))
      .cleared;
  }
}

/**
 * `operator.reset()`: every record gone (organizations, users, keys, sessions, resources, outbox,
 * audit events, limit counts and lockouts), faults and the request log cleared, the clock back
 * to real time, then the server's start seed applied again unless `to` is `"empty"`; the
 * operator token stays.
 */
export function resetStore(
  send: Send,
  options?: RequestOptions & { to?: "empty" | "seed" },
): Promise<OperatorRestored> {
  const { to, ...rest } = options ?? {};
  return send({ method: "POST", path: "/reset", body: to === undefined ? {} : { to }, options: rest });
}
