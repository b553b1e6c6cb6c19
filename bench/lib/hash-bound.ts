/**
 * The hash-bound limit of logins: argon2id `verify` alone, in one process, at full
 * parallelism (many in flight, so every thread of libuv's pool is busy), with the server's
 * hasher and parameters. Prints { verifiesPerSecond } as JSON. Run as a child process:
 * `node --import tsx bench/lib/hash-bound.ts <durationS> <warmupS>`.
 */
import { createArgon2Hasher } from "../../src/auth/crypto/passwords.ts";
import { loadConfig } from "../../src/config.ts";

const durationS = Number(process.argv[2] ?? 10);
const warmupS = Number(process.argv[3] ?? 2);
const config = loadConfig(process.env);
const hasher = createArgon2Hasher(config.argon2);
const password = "bench correct horse battery staple";
const hash = await hasher.hash(password);
// More in flight than there are threads: the pool never waits for the event loop.
const IN_FLIGHT = 32;

async function measure(seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const lane = async () => {
    while (performance.now() < end) {
      if (!(await hasher.verify(hash, password))) throw new Error("verify failed");
      done += 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return done / ((performance.now() - t0) / 1000);
}

if (warmupS > 0) await measure(warmupS);
const verifiesPerSecond = await measure(durationS);
process.stdout.write(`${JSON.stringify({ verifiesPerSecond, argon2: config.argon2 })}\n`);
