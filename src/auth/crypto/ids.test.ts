import { describe, expect, it } from "vitest";
import { digestsEqual, hashSecret, isId, newId, newSecret } from "./ids.ts";

describe("ids and secrets", () => {
  it("makes 20-character ids: prefix, 01, 15 base-62 characters", () => {
    const ids = Array.from({ length: 500 }, () => newId("organization"));
    for (const id of ids) expect(id).toMatch(/^00801[0-9A-Za-z]{15}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(newId("user")).toMatch(/^00601/);
    expect(newId("role")).toMatch(/^0po01/);
    expect(isId("organization", ids[0] ?? "")).toBe(true);
    expect(isId("user", ids[0] ?? "")).toBe(false);
    expect(isId("organization", "00801short")).toBe(false);
    expect(isId("organization", "00801AAAAAAAAAAAAAA!")).toBe(false);
  });

  it("makes 256-bit URL-safe secrets and stores them as SHA-256", () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(newSecret()).not.toBe(secret);
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(digestsEqual(hashSecret("a"), hashSecret("a"))).toBe(true);
    expect(digestsEqual(hashSecret("a"), hashSecret("b"))).toBe(false);
    expect(digestsEqual(hashSecret("a"), "00")).toBe(false);
  });
});
