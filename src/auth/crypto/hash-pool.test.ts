import { afterEach, expect, it } from "vitest";
import { createPooledArgon2Hasher, HashPoolError, type PooledHasher } from "./hash-pool.ts";

const FAST = { memoryKib: 1024, iterations: 1, parallelism: 1 } as const;

let pool: PooledHasher | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

/** Waits (bounded) until the pool has `count` live threads again. */
async function threadsBecome(hasher: PooledHasher, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (hasher.threads().length !== count) {
    if (Date.now() > deadline) throw new Error(`still ${hasher.threads().length} threads`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it("hashes and verifies argon2id on its threads", async () => {
  pool = createPooledArgon2Hasher(FAST, 2);
  const hash = await pool.hash("correct horse");
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  expect(await pool.verify(hash, "correct horse")).toBe(true);
  expect(await pool.verify(hash, "wrong horse")).toBe(false);
  // A malformed stored hash is a failed verification, not an error.
  expect(await pool.verify("not a hash", "correct horse")).toBe(false);
});

it("replaces a hashing thread that dies, so that logins do not wait for ever", async () => {
  pool = createPooledArgon2Hasher(FAST, 1);
  const hash = await pool.hash("before");
  const [only] = pool.threads();
  await only?.terminate();
  await threadsBecome(pool, 1);
  expect(pool.threads()[0]).not.toBe(only);
  expect(await pool.verify(hash, "before")).toBe(true);
  expect(await pool.hash("after")).toMatch(/^\$argon2id\$/);
});

it("fails the verification a dying thread was doing, rather than calling it a wrong password", async () => {
  // Parameters slow enough (tens of ms) that the verification is still running when the thread dies.
  pool = createPooledArgon2Hasher({ memoryKib: 65536, iterations: 3, parallelism: 1 }, 1);
  const hash = await pool.hash("right");
  const verifying = pool.verify(hash, "right");
  await pool.threads()[0]?.terminate();
  await expect(verifying).rejects.toBeInstanceOf(HashPoolError);
  await threadsBecome(pool, 1);
  expect(await pool.verify(hash, "right")).toBe(true);
});

it("refuses calls once closed", async () => {
  pool = createPooledArgon2Hasher(FAST, 1);
  await pool.close();
  await expect(pool.hash("late")).rejects.toThrow("hasher closed");
  expect(pool.threads()).toHaveLength(0);
});
