/** Failed logins from chosen loopback addresses, and the client IPs the audit log saw. */
import { request } from "node:http";
import type { Account, TestServer } from "./helpers.ts";
import { codesOf } from "./helpers.ts";

let guesses = 0;

/**
 * A login with a wrong password (and a fresh username, so that only the per-IP count grows)
 * from `localAddress`, with the given extra headers; resolves to the answer's BDC codes.
 */
export function failedLogin(
  port: number,
  account: Account,
  options: { localAddress?: string; headers?: Record<string, string> } = {},
): Promise<string[]> {
  guesses += 1;
  const body = JSON.stringify({
    username: `guess${guesses}@example.com`,
    password: "wrong password",
    organizationId: account.organizationId,
    devKey: account.devKey,
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/connect/v3/login",
        agent: false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        headers: { "content-type": "application/json", ...options.headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve(codesOf(JSON.parse(text))));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * The `ip` of every `login.failure` audit event so far, sorted (the test clock stands still,
 * so events of one test share their time and their order is not kept).
 */
export async function failureIps(t: TestServer): Promise<(string | null)[]> {
  await t.server.runtime.auditLog.flush();
  const events = await t.deps.stores.audit.list({ event: "login.failure", limit: 1000 });
  return events.map((event) => event.ip).sort();
}
