// A password-hashing thread of the hasher pool (see hash-pool.ts). It lowers its own CPU
// priority first, so that the event loop, which answers session checks, always runs before it.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { hashSync, verifySync } from "@node-rs/argon2";

let lowered = false;
try {
  // On Linux a nice value belongs to one thread: /proc/thread-self names this one's id.
  const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(tid) && tid > 0) {
    setPriority(tid, workerData.nice);
    lowered = true;
  }
} catch {
  // Elsewhere (or without /proc) the thread keeps the normal priority.
}
parentPort.postMessage({ ready: true, lowered });

parentPort.on("message", (job) => {
  try {
    const value =
      job.op === "hash"
        ? hashSync(job.password, workerData.options)
        : verifySync(job.passwordHash, job.password);
    parentPort.postMessage({ id: job.id, value });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error?.message ?? error) });
  }
});
