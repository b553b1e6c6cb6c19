import { vi } from "vitest";
import { createArgon2Hasher, type Hasher } from "../../src/auth/crypto/passwords.ts";
import { FAST_ARGON2 } from "./helpers.ts";

/**
 * A password hasher whose `verify` (login step 7, after the in-flight slot is taken) waits
 * while the test holds it: the way to keep logins in flight for as long as a test needs.
 */
export function gateHasher() {
  const real = createArgon2Hasher(FAST_ARGON2);
  let waiting: (() => void)[] = [];
  let holding = false;
  let active = 0;
  let most = 0;
  const hasher: Hasher = {
    hash: (password) => real.hash(password),
    async verify(passwordHash, password) {
      if (holding) {
        active += 1;
        most = Math.max(most, active);
        await new Promise<void>((resolve) => waiting.push(resolve));
        active -= 1;
      }
      return real.verify(passwordHash, password);
    },
  };
  const letGo = () => {
    const held = waiting;
    waiting = [];
    for (const resolve of held) resolve();
  };
  return {
    hasher,
    /** From now on, every verification waits. */
    hold() {
      holding = true;
    },
    /** The waiting verifications go on; new ones still wait. */
    releaseHeld: letGo,
    /** Every verification goes on, now and later. */
    releaseAll() {
      holding = false;
      letGo();
    },
    /** Verifications waiting now. */
    get held() {
      return waiting.length;
    },
    /** The most verifications that were ever waiting at once. */
    get most() {
      return most;
    },
    /** Resolves once exactly `count` verifications are waiting. */
    async until(count: number) {
      await vi.waitFor(
        () => {
          if (waiting.length !== count) throw new Error(`${waiting.length} held, waiting for ${count}`);
        },
        { timeout: 10_000, interval: 5 },
      );
    },
  };
}

export type GateHasher = ReturnType<typeof gateHasher>;
