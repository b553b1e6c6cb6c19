// The load generator, run as its own process so that it never shares an event loop with a
// server under test. Reads a JSON plan (argv[2]), runs autocannon (warm-up, then the measured
// run) and prints one JSON result on stdout.
//
// Plan: { url, connections, durationS, warmupS, method?, path, headers?, body?,
//         perConnection?: [[{ method?, path?, headers?, body? }, ...], ...] }
// With perConnection, connection i cycles through perConnection[i % n]: each connection can
// then keep to its own (devKey, organization) and its own sessions or users.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));

function setupClientFor(perConnection) {
  if (!perConnection) return undefined;
  let next = 0;
  return (client) => {
    const requests = perConnection[next % perConnection.length];
    next += 1;
    client.setRequests(
      requests.map((r) => ({
        method: r.method ?? plan.method ?? "GET",
        path: r.path ?? plan.path,
        headers: { ...(plan.headers ?? {}), ...(r.headers ?? {}) },
        ...(r.body !== undefined ? { body: r.body } : {}),
      })),
    );
  };
}

function run(durationS) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${plan.url}${plan.path}`,
        method: plan.method ?? "GET",
        headers: plan.headers ?? {},
        ...(plan.body !== undefined ? { body: plan.body } : {}),
        connections: plan.connections,
        duration: durationS,
        timeout: plan.timeoutS ?? 10,
        setupClient: setupClientFor(plan.perConnection),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("error", () => {});
  });
}

if (plan.warmupS > 0) await run(plan.warmupS);
const result = await run(plan.durationS);
const statusCodes = {};
for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count;
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || plan.durationS),
    latency: {
      mean: result.latency.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  })}\n`,
);
