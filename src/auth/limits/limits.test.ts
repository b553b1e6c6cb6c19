import { describe, expect, it } from "vitest";
import { clockHour, decideWindow, HOUR_MS, inFlightLeaseMs } from "./limits.ts";

const at = (h: number, m: number, s: number, ms = 0) => Date.UTC(2026, 10, 29, h, m, s, ms);

describe("clockHour", () => {
  it("is the clock hour holding the instant, top of the hour included", () => {
    expect(clockHour(at(10, 59, 59, 999))).toEqual({ start: at(10, 0, 0), end: at(11, 0, 0) });
    expect(clockHour(at(11, 0, 0))).toEqual({ start: at(11, 0, 0), end: at(12, 0, 0) });
    expect(clockHour(at(10, 0, 0, 1)).end - clockHour(at(10, 0, 0, 1)).start).toBe(HOUR_MS);
  });
});

describe("decideWindow", () => {
  it("allows up to the limit and refuses the next request", () => {
    const end = at(11, 0, 0);
    expect(decideWindow(200, 200, end, at(10, 30, 0))).toEqual({
      allowed: true,
      limit: 200,
      used: 200,
      remaining: 0,
      resetAt: end,
      retryAfterSeconds: 1800,
    });
    expect(decideWindow(201, 200, end, at(10, 30, 0))).toEqual(
      expect.objectContaining({ allowed: false, remaining: 0 }),
    );
    expect(decideWindow(1, 20_000, end, at(10, 0, 0)).remaining).toBe(19_999);
  });

  it("rounds Retry-After up to whole seconds, never below 1", () => {
    const end = at(11, 0, 0);
    expect(decideWindow(9, 1, end, at(10, 59, 59)).retryAfterSeconds).toBe(1);
    expect(decideWindow(9, 1, end, at(10, 59, 59, 1)).retryAfterSeconds).toBe(1);
    expect(decideWindow(9, 1, end, at(10, 59, 58, 500)).retryAfterSeconds).toBe(2);
    expect(decideWindow(9, 1, end, at(10, 0, 0)).retryAfterSeconds).toBe(3600);
  });

  it("allows everything when the limit is 0 (switched off)", () => {
    expect(decideWindow(1_000_000, 0, at(11, 0, 0), at(10, 0, 0)).allowed).toBe(true);
  });
});

describe("inFlightLeaseMs", () => {
  it("outlasts the request timeout, and is an hour when there is none", () => {
    expect(inFlightLeaseMs(60_000)).toBe(120_000);
    expect(inFlightLeaseMs(0)).toBe(HOUR_MS);
  });
});
