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

/** Where the sandbox's test clock stands: what is saved, and shared by a fleet. */
export interface SandboxClockState {
  /** Added to real time while the clock runs. */
  offsetMs: number;
  /** The time it shows while frozen; null while it runs. */
  frozenAtMs: number | null;
}

export interface SandboxClock extends SettableClock {
  offset(): number;
  /** Stops the clock at `atMs` (default: now); it shows that time until unfrozen. */
  freeze(atMs?: number): void;
  /** Runs again from where it was frozen. */
  unfreeze(): void;
  /** Back to real time, running. */
  resetToRealTime(): void;
  state(): SandboxClockState;
  restore(state: SandboxClockState): void;
}

/**
 * The sandbox's test clock: real time plus an offset that the operator moves. It keeps
 * running like real time between moves, so a session made now still ages normally, unless it
 * is frozen: then it shows one instant until it is moved or unfrozen.
 */
export function createOffsetClock(
  offsetMs = 0,
  base: Clock = systemClock,
  frozenAtMs: number | null = null,
): SandboxClock {
  let offset = offsetMs;
  let frozen = frozenAtMs;
  return {
    now: () => frozen ?? base.now() + offset,
    set(ms) {
      if (frozen !== null) frozen = ms;
      else offset = ms - base.now();
    },
    advance(ms) {
      if (frozen !== null) frozen += ms;
      else offset += ms;
    },
    offset: () => (frozen === null ? offset : frozen - base.now()),
    freeze(atMs) {
      frozen = atMs ?? frozen ?? base.now() + offset;
    },
    unfreeze() {
      if (frozen === null) return;
      offset = frozen - base.now();
      frozen = null;
    },
    resetToRealTime() {
      offset = 0;
      frozen = null;
    },
    state: () => ({ offsetMs: offset, frozenAtMs: frozen }),
    restore(state) {
      offset = state.offsetMs;
      frozen = state.frozenAtMs;
    },
  };
}

/** True for clocks the operator may move. */
export function isSettable(clock: Clock): clock is SettableClock {
  return typeof (clock as Partial<SettableClock>).advance === "function";
}

/** True for the sandbox's test clock, which can also be frozen and reset to real time. */
export function isSandboxClock(clock: Clock): clock is SandboxClock {
  return typeof (clock as Partial<SandboxClock>).freeze === "function";
}
