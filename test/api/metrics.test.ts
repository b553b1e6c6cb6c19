import { describe, expect, it } from "vitest";
import { loginBody, postJson, provisionAccount, startTestServer } from "../helpers/helpers.ts";

const TOKEN = "metrics-operator-token-0123456789-abcdef";

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!wanted.every((label) => line.includes(label))) continue;
    return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("GET /metrics", () => {
  it("counts requests, logins, lockouts, refusals and live sessions, behind the operator token", async () => {
    const t = await startTestServer({
      config: { operatorToken: TOKEN, lockoutThreshold: 2, hourlyRequestLimit: 5 },
    });
    try {
      const scrape = async () => {
        const answer = await fetch(`${t.server.url}/metrics`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        expect(answer.status).toBe(200);
        expect(answer.headers.get("content-type")).toContain("text/plain");
        return answer.text();
      };
      // Without the token: BILL's error form, nothing of the metrics, however the path is written.
      for (const path of ["/metrics", "/metrics/", "/metrics?format=text", "/metrics/?x=1"]) {
        const refused = await fetch(`${t.server.url}${path}`);
        expect(refused.status, path).toBe(401);
        expect(await refused.text()).not.toContain("billet_");
      }

      const account = await provisionAccount(t.deps);
      const client = t.client(account.devKey);
      await client.sessions.login(loginBody(account));
      for (let i = 0; i < 5; i++)
        await client.rawRequest({ method: "GET", path: "/v3/login/session", auth: true });
      const other = await provisionAccount(t.deps);
      for (const password of ["wrong-1", "wrong-2"])
        await postJson(t.client(other.devKey), "/v3/login", { ...loginBody(other), password });

      const text = await scrape();
      const route = { route: "/connect/v3/login/session", method: "GET" };
      expect(sample(text, "billet_http_requests_total", { ...route, status: "200" })).toBe(4);
      expect(sample(text, "billet_http_requests_total", { ...route, status: "422" })).toBe(1);
      expect(sample(text, "billet_http_request_duration_seconds_count", { route: route.route })).toBe(5);
      expect(sample(text, "billet_logins_total", { outcome: "success" })).toBe(1);
      expect(sample(text, "billet_logins_total", { outcome: "failure" })).toBe(2);
      expect(sample(text, "billet_lockouts_total")).toBe(1);
      expect(sample(text, "billet_limit_refusals_total", { limit: "hourly-requests" })).toBe(1);
      expect(sample(text, "billet_sessions_live")).toBe(1);
      expect(sample(text, "billet_inflight_slots")).toBe(0);
      expect(sample(text, "billet_password_hashes_in_progress")).toBe(0);
      expect(sample(text, "billet_process_resident_memory_bytes")).toBeGreaterThan(0);
      // No secret in it.
      for (const secret of [account.devKey, account.password, client.sessionId ?? "", TOKEN])
        expect(text).not.toContain(secret);

      // Sessions expire: live counts follow the clock.
      t.clock.advance(36 * 60_000);
      expect(sample(await scrape(), "billet_sessions_live")).toBe(0);
    } finally {
      await t.close();
    }
  });
});
