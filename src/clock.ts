/** Time, injected everywhere so that expiry is exact in tests and movable in the sandbox. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

export interface SettableClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

/** A clock that only moves when told to: for tests and the sandbox's test clock. */
export function createSettableClock(startMs: number = Date.now()): SettableClock {
  let current = startMs;
  return {
    now: () => current,
    set(ms) {
      current = ms;
    },
    advance(ms) {
      current += ms;
    },
  };
}

/** BILL's timestamp form: ISO-8601 UTC with milliseconds and an explicit offset. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

/**
 * The sandbox's test clock: real time plus an offset that the operator moves. It keeps
 * running like real time between moves, so a session made now still ages normally.
 */
export function createOffsetClock(
  offsetMs = 0,
  base: Clock = systemClock,
): SettableClock & { offset(): number } {
  let offset = offsetMs;
  return {
    now: () => base.now() + offset,
    set(ms) {
      offset = ms - base.now();
    },
    advance(ms) {
      offset += ms;
    },
    offset: () => offset,
  };
}

/** True for clocks the operator may move. */
export function isSettable(clock: Clock): clock is SettableClock {
  return typeof (clock as Partial<SettableClock>).advance === "function";
}
