// The load generator, run as its own process so that it never shares an event loop with a
// server under test. Reads a JSON plan (argv[2]), runs autocannon (warm-up, then the measured
// run) and prints one JSON result on stdout.
//
// Plan: { url, urls?, connections, durationS, warmupS, method?, path, headers?, body?,
//         perConnection?: [[{ method?, path?, headers?, body? }, ...], ...] }
// With urls (several servers, e.g. two instances of one fleet), the connections are split
// evenly over them, one autocannon per server in this one process, and the results summed.
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

function runOne(url, connections, perConnection, durationS) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}${plan.path}`,
        method: plan.method ?? "GET",
        headers: plan.headers ?? {},
        ...(plan.body !== undefined ? { body: plan.body } : {}),
        connections,
        duration: durationS,
        timeout: plan.timeoutS ?? 10,
        setupClient: setupClientFor(perConnection),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("error", () => {});
  });
}

/** One autocannon per server, connection i on server i % n (its own perConnection entry). */
function run(durationS) {
  const urls = plan.urls ?? [plan.url];
  return Promise.all(
    urls.map((url, u) => {
      const mine = [];
      for (let i = u; i < plan.connections; i += urls.length) mine.push(i);
      const perConnection = plan.perConnection
        ? mine.map((i) => plan.perConnection[i % plan.perConnection.length])
        : undefined;
      return runOne(url, mine.length, perConnection, durationS);
    }),
  );
}

if (plan.warmupS > 0) await run(plan.warmupS);
const results = await run(plan.durationS);
const statusCodes = {};
for (const result of results)
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = (statusCodes[code] ?? 0) + stats.count;
const sum = (pick) => results.reduce((total, result) => total + pick(result), 0);
const requests = sum((r) => r.requests.total);
// Latency across servers: the mean weighted by requests, the percentiles the worst server's.
const worst = (pick) => Math.max(...results.map(pick));
process.stdout.write(
  `${JSON.stringify({
    requests,
    rps: sum((r) => r.requests.total / (r.duration || plan.durationS)),
    latency: {
      mean: sum((r) => r.latency.average * r.requests.total) / Math.max(1, requests),
      p50: worst((r) => r.latency.p50),
      p90: worst((r) => r.latency.p90),
      p99: worst((r) => r.latency.p99),
      max: worst((r) => r.latency.max),
    },
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statusCodes,
  })}\n`,
);
