/**
 * How long to wait before a retry. A server's `Retry-After` wins when it is sane; otherwise
 * exponential backoff with jitter, so that clients rejected together do not return together.
 */

/** Waits `ms` milliseconds. Injectable so that tests never really wait. */
export type Sleep = (ms: number) => Promise<void>;

/** The real sleep. */
export const defaultSleep: Sleep = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A `Retry-After` longer than this is ignored in favour of backoff (the call would hang). */
export const MAX_RETRY_AFTER_SECONDS = 60;

/**
 * Delay before retry number `retryIndex` (0 for the first retry).
 *
 * @example
 * retryDelayMs(0, 2); // 2000: the server asked for 2 s
 * retryDelayMs(1, undefined); // between 750 and 1000: 1 s backoff less up to 25 % jitter
 */
export function retryDelayMs(
  retryIndex: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number {
  if (
    retryAfterSeconds !== undefined &&
    retryAfterSeconds >= 0 &&
    retryAfterSeconds <= MAX_RETRY_AFTER_SECONDS
  ) {
    return Math.round(retryAfterSeconds * 1000);
  }
  const base = Math.min(INITIAL_DELAY_MS * 2 ** retryIndex, MAX_DELAY_MS);
  const jitter = 1 - random() * 0.25;
  return Math.round(base * jitter);
}
