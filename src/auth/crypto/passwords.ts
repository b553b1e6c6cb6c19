import { randomBytes } from "node:crypto";
import { Algorithm, hash, verify } from "@node-rs/argon2";

/** Hashes and verifies passwords. Both run off the event loop (libuv's thread pool). */
export interface Hasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or a hash that cannot be read; never throws for those. */
  verify(passwordHash: string, password: string): Promise<boolean>;
}

export interface Argon2Parameters {
  memoryKib: number;
  iterations: number;
  parallelism: number;
}

/** argon2id with PHC strings, so that the parameters can be raised later without a reset. */
export function createArgon2Hasher(parameters: Argon2Parameters): Hasher {
  const options = {
    algorithm: Algorithm.Argon2id,
    memoryCost: parameters.memoryKib,
    timeCost: parameters.iterations,
    parallelism: parameters.parallelism,
  };
  return {
    hash: (password) => hash(password, options),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
  };
}

/**
 * A hash of a random password, made once, to verify against when the username is unknown
 * or has no password: the "no such user" path then costs exactly what a wrong password does.
 */
export function createDummyHash(hasher: Hasher): () => Promise<string> {
  let dummy: Promise<string> | undefined;
  return () => {
    dummy ??= hasher.hash(randomBytes(32).toString("base64url"));
    return dummy;
  };
}
