import type { App } from "../../http/types.ts";
import type { Metrics } from "../metrics.ts";

/**
 * `GET /metrics`: Prometheus's text format, behind the operator token like the operator API
 * (a scrape config sends it as `authorization: { credentials: … }`), on the operator listener
 * when there is one. Every mode: a service wants its metrics most.
 */
export function registerMetricsRoute(app: App, metrics: Metrics): void {
  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    const text = await metrics.text();
    return reply.type(metrics.contentType).header("cache-control", "no-store").send(text);
  });
}
