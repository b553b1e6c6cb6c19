import { describe, expect, it } from "vitest";
import { bufferSessionActivity } from "./session-activity.ts";
import type { SessionRecord, SessionStore } from "./types/sessions.ts";

const record: SessionRecord = {
  id: "0se01AAAAAAAAAAAAAAA",
  tokenHash: "t".repeat(64),
  userId: "00601AAAAAAAAAAAAAAA",
  organizationId: "00801AAAAAAAAAAAAAAA",
  devKeyId: "0dk01AAAAAAAAAAAAAAA",
  trusted: false,
  partnerId: null,
  organizationMfaRequired: false,
  createdAt: 1000,
  lastActiveAt: 1000,
  mode: "password",
  credentialId: null,
  scope: null,
  expiresAt: null,
  devKeyHash: "k".repeat(64),
  devKeyActive: true,
  mfaBypass: false,
  organizationLocked: false,
  membershipArchived: false,
};

/** A session store whose backing database can be switched off. */
function flakyStore() {
  const state = { up: true, touched: [] as number[] };
  const guard = () => {
    if (!state.up) throw new Error("database unavailable");
  };
  const answer =
    <T>(value: T) =>
    async (): Promise<T> => {
      guard();
      return value;
    };
  const inner: SessionStore = {
    create: answer(undefined),
    findByTokenHash: async (hash) => {
      guard();
      return hash === record.tokenHash ? record : undefined;
    },
    touch: async (_id, at) => {
      guard();
      state.touched.push(at);
    },
    deleteById: answer(true),
    markTrusted: answer(true),
    deleteWhere: answer(0),
    deleteIdleBefore: answer(0),
    countActiveSince: answer(0),
    list: answer([]),
  };
  return { inner, state };
}

describe("buffered session activity", () => {
  it("never answers a session check from the buffer when the store is down", async () => {
    const { inner, state } = flakyStore();
    const sessions = bufferSessionActivity(inner, 60_000);
    await sessions.touch(record.id, 5000);
    expect((await sessions.findByTokenHash(record.tokenHash))?.lastActiveAt).toBe(5000);
    state.up = false;
    // The buffer knows a later activity time, but a check must still read the store.
    await expect(sessions.findByTokenHash(record.tokenHash)).rejects.toThrow("database unavailable");
    state.up = true;
    await sessions.close();
    expect(state.touched).toEqual([5000]);
  });

  it("keeps buffered activity when a flush fails, and writes it once the store is back", async () => {
    const { inner, state } = flakyStore();
    const sessions = bufferSessionActivity(inner, 60_000);
    await sessions.touch(record.id, 7000);
    state.up = false;
    await expect(sessions.flush()).rejects.toThrow();
    state.up = true;
    await sessions.close();
    expect(state.touched).toEqual([7000]);
  });

  it("still shows buffered activity to a check made while that activity is being written", async () => {
    const { inner } = flakyStore();
    let release: () => void = () => {};
    const slow: SessionStore = {
      ...inner,
      // The write starts but has not landed: the store still holds the login time.
      touch: (id, at) =>
        new Promise<void>((resolve) => (release = () => void inner.touch(id, at).then(resolve))),
    };
    const sessions = bufferSessionActivity(slow, 60_000);
    await sessions.touch(record.id, 9000);
    const flushing = sessions.flush();
    expect((await sessions.findByTokenHash(record.tokenHash))?.lastActiveAt).toBe(9000);
    release();
    await flushing;
    await sessions.close();
  });

  it("writes a flush in one transaction when given one: all of it, or none and kept for the next", async () => {
    const { inner, state } = flakyStore();
    const batches: number[] = [];
    const sessions = bufferSessionActivity(inner, 60_000, async (write) => {
      const written: number[] = [];
      // A transaction: the writes land only if all of them succeed.
      await write({ touch: async (_id, at) => void written.push(at) });
      if (!state.up) throw new Error("database unavailable");
      state.touched.push(...written);
      batches.push(written.length);
    });
    await sessions.touch("0se01AAAAAAAAAAAAAA1", 1000);
    await sessions.touch("0se01AAAAAAAAAAAAAA2", 2000);
    state.up = false;
    await expect(sessions.flush()).rejects.toThrow();
    expect(state.touched).toEqual([]);
    state.up = true;
    await sessions.close();
    expect(state.touched).toEqual([1000, 2000]);
    expect(batches).toEqual([2]);
  });
});
