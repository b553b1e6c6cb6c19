import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isE164, maskPhone } from "./phones.ts";
import { decideSend } from "./send-limit.ts";
import { newToken, tokenDigest } from "./tokens.ts";

describe("MFA tokens", () => {
  it("are 6 digits, zeros kept, spread over the whole range", () => {
    const tokens = Array.from({ length: 2000 }, newToken);
    for (const token of tokens) expect(token).toMatch(/^\d{6}$/);
    // 2000 draws from a million: repeats are rare, and every first digit shows up.
    expect(new Set(tokens).size).toBeGreaterThan(1990);
    expect(new Set(tokens.map((token) => token[0])).size).toBe(10);
  });

  it("are stored as SHA-256 of id and token, so equal tokens of two setups differ", () => {
    expect(tokenDigest("0ms01AAAAAAAAAAAAAAA", "123456")).toBe(
      createHash("sha256").update("0ms01AAAAAAAAAAAAAAA:123456").digest("hex"),
    );
    expect(tokenDigest("0ms01AAAAAAAAAAAAAAA", "123456")).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenDigest("0ms01AAAAAAAAAAAAAAA", "123456")).not.toBe(
      tokenDigest("0ms01BBBBBBBBBBBBBBB", "123456"),
    );
  });
});

describe("phones", () => {
  it("accept E.164 only", () => {
    for (const phone of ["+15551234567", "+442071838750", "+12345678", "+123456789012345"])
      expect(isE164(phone)).toBe(true);
    for (const phone of [
      "15551234567",
      "+05551234567",
      "+1234567",
      "+1234567890123456",
      "+1 555 123",
      "+1555123456x",
    ]) {
      expect(isE164(phone)).toBe(false);
    }
  });

  it("are masked down to the first and the last four digits", () => {
    expect(maskPhone("+15551231234")).toBe("+1******1234");
    expect(maskPhone("+442071838750")).toBe("+4*******8750");
    expect(maskPhone("+12345678")).toBe("+1***5678");
  });
});

describe("decideSend", () => {
  const now = 1_000_000;
  it("allows up to the limit, then refuses until the window ends (at least 1 s)", () => {
    expect(decideSend({ count: 5, expiresAt: now + 60_000 }, 5, now)).toEqual({ allowed: true });
    expect(decideSend({ count: 6, expiresAt: now + 60_000 }, 5, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 60,
    });
    expect(decideSend({ count: 6, expiresAt: now + 1_001 }, 5, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 2,
    });
    expect(decideSend({ count: 9, expiresAt: now + 10 }, 5, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
  });

  it("never refuses with a limit of 0", () => {
    expect(decideSend({ count: 1_000, expiresAt: now + 60_000 }, 0, now)).toEqual({ allowed: true });
  });
});
