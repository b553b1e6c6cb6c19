import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { AuthDeps } from "../auth/context.ts";
import { CONSOLE_CSP } from "../http/security-headers.ts";
import type { App } from "../http/types.ts";
import { sqlitePath } from "../stores/open-stores.ts";

const htmlText = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/**
 * `GET /` in sandbox mode: a small page for the person who just opened the server in a browser,
 * saying what it is and where to go (the API reference, the console, where the demo account's
 * credentials and the operator token were saved). It shows no secret. Service mode has no such
 * page: `/` is a 404 there, as on BILL's gateway.
 */
export function registerHomePage(app: App, deps: AuthDeps, options: { servesConsole: boolean }): void {
  if (deps.config.mode !== "sandbox") return;
  const beside = (name: string): string | undefined => {
    const path = sqlitePath(deps.config.databaseUrl);
    if (path === undefined || path === ":memory:") return undefined;
    const file = resolve(join(dirname(path), name));
    return existsSync(file) ? file : undefined;
  };
  app.get("/", { schema: { hide: true } }, async (_request, reply) => {
    const demo = beside("demo-credentials.json");
    const token = beside("operator-token");
    const items = [
      `<li><a href="/docs/">API reference</a>: every route of BILL's v3 API under <code>/connect/v3</code>, with "Try it out".</li>`,
      options.servesConsole
        ? `<li><a href="/console">Operator console</a>: organizations, sessions, the outbox (MFA codes), the clock, faults.</li>`
        : "<li>The operator console and API are on the operator listener (<code>BILLET_OPERATOR_PORT</code>).</li>",
      demo
        ? `<li>The demo account's credentials: <code>${htmlText(demo)}</code> (printed once at the first start).</li>`
        : "<li>No demo credentials file here: the account came from a seed file or the CLI (<code>billet org list</code>).</li>",
      token
        ? `<li>The operator token: <code>${htmlText(token)}</code>, or <code>BILLET_OPERATOR_TOKEN</code>.</li>`
        : "<li>The operator token: <code>BILLET_OPERATOR_TOKEN</code>.</li>",
      '<li>Health: <a href="/health/ready"><code>/health/ready</code></a>.</li>',
    ];
    const page = [
      "<!doctype html>",
      '<html lang="en"><head><meta charset="utf-8"><title>billet sandbox</title></head><body>',
      "<h1>billet, sandbox mode</h1>",
      "<p>A stand-in for BILL's API: a program written against BILL's sandbox works against this server unchanged (base URL <code>/connect</code>).</p>",
      `<ul>${items.join("")}</ul>`,
      "</body></html>",
    ].join("\n");
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .header("content-security-policy", CONSOLE_CSP)
      .send(page);
  });
}
