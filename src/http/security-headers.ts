import type { FastifyReply } from "fastify";

/**
 * Headers on every response. `nosniff`: a browser must not read a JSON answer (which may echo
 * client input) as HTML or script. `no-referrer`: a page served here (the console, /docs) must
 * not send its URL to another site.
 *
 * Set in the per-request onRequest hook that already sets X-Request-Id: two assignments into
 * the reply's header object, nothing per request beyond that (a header plugin such as helmet
 * adds a hook and a dozen headers per request, on the path the session check is measured on).
 */
export function setSecurityHeaders(reply: FastifyReply): void {
  reply.header("x-content-type-options", "nosniff");
  reply.header("referrer-policy", "no-referrer");
}

/** The same headers, for the answers written straight on the socket (clientErrorHandler). */
export const RAW_SECURITY_HEADERS = "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n";

/**
 * The console's policy: its three files only (no inline script or style, no other origin),
 * never inside a frame (clickjacking of the revoke and fault buttons), no <base> or plugins.
 */
export const CONSOLE_CSP =
  "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/** Directives of a policy, in order; a directive without a value keeps an empty one. */
function directives(policy: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of policy.split(";")) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const space = trimmed.indexOf(" ");
    const name = (space === -1 ? trimmed : trimmed.slice(0, space)).toLowerCase();
    map.set(name, space === -1 ? "" : trimmed.slice(space + 1).trim());
  }
  return map;
}

/**
 * The one <style> element swagger-ui's bundle (@fastify/swagger-ui 6.1.3) inserts while the
 * page loads; its own policy forgets it, so Chromium refuses it with an error in the console.
 * console.test.ts fails on any refusal, so an upgrade that changes it shows up there.
 */
const SWAGGER_UI_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/**
 * /docs: @fastify/swagger-ui's own policy (it knows the hashes of its inline script and
 * style), with these changes: never in a frame (it allows 'self'), no image from the online
 * validator (billet calls out to nobody), no `upgrade-insecure-requests`, which would break
 * the page's assets on a plain-HTTP billet reached by another name than localhost, and the
 * hash of the style element it forgets.
 */
export function docsCsp(swaggerPolicy: string): string {
  const map = directives(swaggerPolicy);
  map.set("style-src", `${map.get("style-src") ?? "'self'"} ${SWAGGER_UI_STYLE_HASH}`);
  map.set("frame-ancestors", "'none'");
  map.set("img-src", "'self' data:");
  map.set("form-action", "'self'");
  map.delete("upgrade-insecure-requests");
  return [...map].map(([name, value]) => (value === "" ? name : `${name} ${value}`)).join("; ");
}
