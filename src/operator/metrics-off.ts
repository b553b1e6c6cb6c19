import type { Metrics } from "./metrics.ts";

/**
 * Metrics that count nothing, for a process that serves no /metrics (a CLI command): the same
 * interface as createMetrics() without loading prom-client.
 */
export function metricsOff(): Metrics {
  return {
    contentType: "text/plain; version=0.0.4; charset=utf-8",
    observeRequest() {},
    counting: (sink) => sink,
    countingHasher: (hasher) => hasher,
    storeError() {},
    watchStores() {},
    text: async () => "",
  };
}
