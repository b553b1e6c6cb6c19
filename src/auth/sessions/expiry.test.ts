import { describe, expect, it } from "vitest";
import { expiryOf, idleGroups, sessionDeadline } from "./expiry.ts";

const rules = {
  sessionIdleSeconds: 2100,
  sessionMaxSeconds: 0,
  syncTokenIdleSeconds: 172_800,
  oauthTokenSeconds: 3600,
};
const T0 = 1_000_000;

describe("the expiry rule of each sign-in mode", () => {
  it("gives a password session 35 idle minutes and a sync-token session 48 idle hours", () => {
    const password = { createdAt: T0, lastActiveAt: T0 };
    const sync = { ...password, mode: "sync-token" as const };
    expect(expiryOf(password, rules, T0 + 2_100_000 - 1)).toBeUndefined();
    expect(expiryOf(password, rules, T0 + 2_100_000)).toBe("idle");
    expect(expiryOf(sync, rules, T0 + 2_100_000)).toBeUndefined();
    expect(expiryOf(sync, rules, T0 + 172_800_000)).toBe("idle");
  });

  it("ends an OAuth token at its fixed end, however recently it was used", () => {
    const token = {
      createdAt: T0,
      lastActiveAt: T0 + 3_000_000,
      mode: "oauth" as const,
      expiresAt: T0 + 3_600_000,
    };
    expect(sessionDeadline(token, rules)).toBe(T0 + 3_600_000);
    expect(expiryOf(token, rules, T0 + 3_599_999)).toBeUndefined();
    expect(expiryOf(token, rules, T0 + 3_600_000)).toBe("lifetime");
  });

  it("groups the modes by idle time for the sweeper", () => {
    expect(idleGroups(rules)).toEqual([
      { idleSeconds: 2100, modes: ["password", "console"] },
      { idleSeconds: 172_800, modes: ["sync-token"] },
      { idleSeconds: 3600, modes: ["oauth"] },
    ]);
    expect(idleGroups({ ...rules, oauthTokenSeconds: 2100 })[0]?.modes).toEqual([
      "password",
      "console",
      "oauth",
    ]);
  });
});
