/**
 * The sandbox's test clock through the operator API: frozen and unfrozen, set and advanced,
 * back to real time, never backwards unless asked; and its state saved for a restart. "Real
 * time" is a settable clock under the sandbox clock, so that it passes only when told to.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OperatorClient } from "../../client/src/index.ts";
import {
  createOffsetClock,
  createSettableClock,
  type SandboxClock,
  type SettableClock,
} from "../../src/clock.ts";
import { CLOCK_OFFSET_SETTING, CLOCK_SETTING, savedClockState } from "../../src/runtime.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";

const TOKEN = "operator-clock-token-0123456789-abcdef";
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const MINUTE = 60_000;

describe("the test clock", () => {
  let real: SettableClock;
  let clock: SandboxClock;
  let t: TestServer;
  let account: Account;
  let operator: OperatorClient;

  beforeEach(async () => {
    real = createSettableClock(T0);
    clock = createOffsetClock(0, real);
    t = await startTestServer({
      clock: clock as SandboxClock & SettableClock,
      config: { operatorToken: TOKEN },
    });
    account = await provisionAccount(t.deps);
    operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
  });
  afterEach(() => t.close());

  it("freezes: no session ages while real time passes, until it is moved or unfrozen", async () => {
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const frozen = await operator.clock.freeze();
    expect(frozen).toEqual({
      time: "2026-12-01T09:00:00.000+00:00",
      epochMs: T0,
      settable: true,
      frozen: true,
    });
    real.advance(2 * 60 * MINUTE);
    expect(await operator.clock.get()).toEqual(frozen);
    expect((await client.sessions.details()).userId).toBe(account.userId);

    // Moved while frozen: it stays frozen, at the new instant.
    const moved = await operator.clock.advance({ minutes: 36 });
    expect([moved.epochMs, moved.frozen]).toEqual([T0 + 36 * MINUTE, true]);
    expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");

    // Unfrozen: it runs on from there, with real time.
    const running = await operator.clock.unfreeze();
    expect([running.epochMs, running.frozen]).toEqual([T0 + 36 * MINUTE, false]);
    real.advance(MINUTE);
    expect((await operator.clock.get()).epochMs).toBe(T0 + 37 * MINUTE);
  });

  it("freezes at a given time, forward only unless told", async () => {
    const at = await operator.clock.freeze("2026-12-02T00:00:00Z");
    expect([at.time, at.frozen]).toEqual(["2026-12-02T00:00:00.000+00:00", true]);
    await expect(operator.clock.freeze("2026-12-01T23:00:00Z")).rejects.toMatchObject({
      status: 409,
      code: "BDC_9015",
    });
    expect((await operator.clock.freeze("2026-12-01T23:00:00Z", { backwards: true })).time).toBe(
      "2026-12-01T23:00:00.000+00:00",
    );
  });

  it("refuses to move backwards without backwards: true, and says what going back does", async () => {
    await operator.clock.advance({ hours: 2 });
    const refusals = [
      operator.clock.set("2026-12-01T10:00:00Z"),
      operator.clock.advance({ minutes: -1 }),
      operator.clock.advance({ hours: 1, minutes: -61 }),
    ];
    for (const refusal of refusals) {
      await expect(refusal).rejects.toMatchObject({
        status: 409,
        code: "BDC_9015",
        message: expect.stringContaining("expired sessions not yet removed would be valid again"),
      });
    }
    // Nothing moved.
    expect((await operator.clock.get()).epochMs).toBe(T0 + 120 * MINUTE);
    // A move of zero, or forward, needs nothing.
    expect((await operator.clock.advance({ minutes: 0 })).epochMs).toBe(T0 + 120 * MINUTE);

    expect((await operator.clock.set("2026-12-01T10:00:00Z", { backwards: true })).epochMs).toBe(
      T0 + 60 * MINUTE,
    );
    expect((await operator.clock.advance({ minutes: -30, backwards: true })).epochMs).toBe(T0 + 30 * MINUTE);
  });

  it("resets to real time, running, from wherever it was, frozen or ahead", async () => {
    await operator.clock.advance({ days: 3 });
    await operator.clock.freeze();
    real.advance(5 * MINUTE);
    const reset = await operator.clock.reset();
    expect(reset).toEqual({
      time: "2026-12-01T09:05:00.000+00:00",
      epochMs: T0 + 5 * MINUTE,
      settable: true,
      frozen: false,
    });
    real.advance(MINUTE);
    expect((await operator.clock.get()).epochMs).toBe(real.now());
  });

  it("saves its state for a restart, and reads the offset an older billet saved", async () => {
    await operator.clock.advance({ hours: 1 });
    await operator.clock.freeze();
    expect(await savedClockState(t.deps.stores)).toEqual({
      offsetMs: 60 * MINUTE,
      frozenAtMs: T0 + 60 * MINUTE,
    });
    await operator.clock.unfreeze();
    expect(await savedClockState(t.deps.stores)).toEqual({ offsetMs: 60 * MINUTE, frozenAtMs: null });

    // Before the clock could be frozen, only the offset was saved, under its own key.
    await t.deps.stores.settings.set(CLOCK_SETTING, "not json", T0);
    await t.deps.stores.settings.set(CLOCK_OFFSET_SETTING, String(7 * MINUTE), T0);
    expect(await savedClockState(t.deps.stores)).toEqual({ offsetMs: 7 * MINUTE, frozenAtMs: null });
  });

  it("refuses a malformed move in BILL's error form", async () => {
    for (const [method, path, body] of [
      ["PUT", "/clock", { time: "yesterday" }],
      ["PUT", "/clock", { time: "2027-01-01T00:00:00Z", backwards: "yes" }],
      ["POST", "/clock/freeze", { time: "not a time" }],
      ["POST", "/clock/freeze", [1]],
      ["POST", "/clock/advance", { minutes: 1, backwards: 1 }],
    ] as const) {
      const answer = await fetch(`${t.server.url}/operator/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(await answer.json()).toEqual([
        expect.objectContaining({ code: expect.stringMatching(/^BDC_/) }),
      ]);
    }
    expect((await operator.clock.get()).epochMs).toBe(T0);
  });
});
