import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { Algorithm } from "@node-rs/argon2";
import { assetUrl } from "../../assets.ts";
import type { Argon2Parameters, Hasher } from "./passwords.ts";

export interface PooledHasher extends Hasher {
  /** Ends the threads; pending calls reject. */
  close(): Promise<void>;
  /** The live hashing threads (for tests and diagnostics). */
  threads(): readonly Worker[];
}

/** The pool could not do the work (a thread died, the pool is closed): not a wrong password. */
export class HashPoolError extends Error {
  override name = "HashPoolError";
}

interface Job {
  id: number;
  op: "hash" | "verify";
  password: string;
  passwordHash?: string;
  resolve(value: string | boolean): void;
  reject(error: Error): void;
}

/** The lowest CPU priority (nice 19): a hashing thread runs only when nothing else wants the core. */
const LOWEST_PRIORITY = 19;

/**
 * argon2id on a pool of worker threads at the lowest CPU priority, one per core. A login storm
 * then uses every idle cycle for hashing (logins at the hash-bound rate when nothing else runs)
 * but never delays the event loop: session checks, answered by the event loop at the normal
 * priority, keep their latency while the hashes queue. With libuv's pool (the default of
 * @node-rs/argon2) four hashing threads compete with the event loop as equals, and on a small
 * machine a storm of logins made every session check wait for a time slice.
 */
export function createPooledArgon2Hasher(
  parameters: Argon2Parameters,
  threads = availableParallelism(),
): PooledHasher {
  const options = {
    algorithm: Algorithm.Argon2id,
    memoryCost: parameters.memoryKib,
    timeCost: parameters.iterations,
    parallelism: parameters.parallelism,
  };
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const running = new Map<Worker, Job>();
  let nextId = 0;
  let closed = false;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const job = queue.shift() as Job;
      running.set(worker, job);
      worker.postMessage({ id: job.id, op: job.op, password: job.password, passwordHash: job.passwordHash });
    }
  };

  const workers = new Set<Worker>();

  /** Starts one hashing thread; one that dies (it should not) is replaced, its job refused. */
  const spawn = (): void => {
    const worker = new Worker(assetUrl("auth/crypto/hash-worker.mjs"), {
      workerData: { options, nice: LOWEST_PRIORITY },
    });
    workers.add(worker);
    // Idle hashing threads must not keep a finished process alive.
    worker.unref();
    let ready = false;
    worker.on(
      "message",
      (message: { ready?: boolean; id?: number; value?: string | boolean; error?: string }) => {
        if (message.ready) {
          ready = true;
          idle.push(worker);
          dispatch();
          return;
        }
        const job = running.get(worker);
        running.delete(worker);
        idle.push(worker);
        dispatch();
        if (!job) return;
        if (message.error !== undefined) job.reject(new Error(message.error));
        else job.resolve(message.value as string | boolean);
      },
    );
    let failure: Error | undefined;
    worker.on("error", (error) => {
      failure = error;
    });
    worker.on("exit", () => {
      workers.delete(worker);
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
      const job = running.get(worker);
      running.delete(worker);
      job?.reject(new HashPoolError("hashing thread exited", failure ? { cause: failure } : {}));
      if (closed) return;
      // Without a replacement, logins would wait for ever once every thread had died. One that
      // dies before it is even ready is retried after a pause, not in a tight loop.
      if (ready) spawn();
      else setTimeout(spawn, 1000).unref();
    });
  };
  for (let i = 0; i < Math.max(1, threads); i++) spawn();

  const submit = (op: Job["op"], password: string, passwordHash?: string) =>
    new Promise<string | boolean>((resolve, reject) => {
      if (closed) return reject(new HashPoolError("hasher closed"));
      nextId += 1;
      queue.push({
        id: nextId,
        op,
        password,
        ...(passwordHash !== undefined ? { passwordHash } : {}),
        resolve,
        reject,
      });
      dispatch();
    });

  return {
    hash: async (password) => (await submit("hash", password)) as string,
    async verify(passwordHash, password) {
      try {
        return (await submit("verify", password, passwordHash)) === true;
      } catch (error) {
        // A lost thread is a failure of the server (500), never "wrong password" (BDC_1101).
        if (error instanceof HashPoolError) throw error;
        // Otherwise argon2 refused the stored hash: as with libuv's hasher, no match.
        return false;
      }
    },
    threads: () => [...workers],
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new HashPoolError("hasher closed"));
      await Promise.all([...workers].map((worker) => worker.terminate()));
    },
  };
}
