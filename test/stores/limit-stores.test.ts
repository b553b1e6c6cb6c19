import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe } from "vitest";
import { bufferLimits } from "../../src/stores/buffered-limits.ts";
import { memoryLimitStore } from "../../src/stores/memory/limits.ts";
import { openStores } from "../../src/stores/open-stores.ts";
import { routeLimits } from "../../src/stores/routed-limits.ts";
import type { Stores } from "../../src/stores/types/index.ts";
import { limitStoreContract } from "../contracts/limit-store-contract.ts";

// The store contract (store-contract.ts) runs the limit contract on every full backend, with
// limits written through. These are the other LimitStores a server may run with.

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("memory limit store", () => {
  limitStoreContract(() => memoryLimitStore());
});

describe("buffered limits over memory", () => {
  limitStoreContract(() => bufferLimits(memoryLimitStore(), 0));
});

describe("routed limits over two memory stores", () => {
  // Every second key of the contract goes to the other store, slot prefixes included.
  limitStoreContract(() =>
    routeLimits({
      rest: memoryLimitStore(),
      routedTo: memoryLimitStore(),
      routed: (key) => key.length % 2 === 0,
    }),
  );
});

describe("buffered limits over SQLite (the single-process server's)", () => {
  let stores: Stores | undefined;
  afterEach(async () => {
    await stores?.close();
  });
  limitStoreContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), "billet-limits-"));
    dirs.push(dir);
    stores = await openStores({
      databaseUrl: join(dir, "billet.db"),
      sessionFlushIntervalMs: 1000,
      limitFlushIntervalMs: 1000,
    });
    return stores.limits;
  });
});
