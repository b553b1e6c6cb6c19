import { isIP } from "node:net";
import proxyAddr from "@fastify/proxy-addr";

/**
 * BILLET_TRUST_PROXY: which proxies may tell billet the client's address in X-Forwarded-For.
 * Each proxy appends the address it received the connection from, so the entries a client
 * wrote itself come first: the client IP is the right-most address that is not one of the
 * trusted proxies. Off, the client IP is the address of the TCP connection.
 */
export type TrustProxy =
  | false
  /** The number of proxies in front of billet: that many right-most addresses are proxies. */
  | { readonly hops: number }
  /** The proxies' addresses: IPs, CIDR ranges, or proxy-addr's `loopback`, `linklocal`, `uniquelocal`. */
  | { readonly proxies: readonly string[] };

export const MAX_PROXY_HOPS = 100;
const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);
const OFF = new Set(["", "false", "off", "no", "0"]);
const TRUST_ALL = new Set(["true", "on", "yes"]);

/** What is wrong with one list entry, or undefined when proxy-addr will take it. */
function entryProblem(entry: string): string | undefined {
  if (NAMED_RANGES.has(entry)) return undefined;
  const slash = entry.lastIndexOf("/");
  const address = slash === -1 ? entry : entry.slice(0, slash);
  // Only the usual notations: proxy-addr would also read "10.1" or "0x7f.1" as addresses.
  if (isIP(address) === 0) return `"${entry}" is not an IP address or CIDR range`;
  if (slash !== -1 && /^0+$/.test(entry.slice(slash + 1))) {
    return `"${entry}" would trust every address, and so any X-Forwarded-For a client writes`;
  }
  try {
    proxyAddr.compile(entry);
  } catch {
    return `"${entry}" has an invalid prefix length (1 to 32 for IPv4, 1 to 128 for IPv6)`;
  }
  return undefined;
}

/** Parses BILLET_TRUST_PROXY (or `--trust-proxy`); `problem` names the rule that was broken. */
export function parseTrustProxy(
  raw: string | undefined,
  name = "BILLET_TRUST_PROXY",
): { value: TrustProxy; problem?: undefined } | { value?: undefined; problem: string } {
  const text = (raw ?? "").trim();
  if (OFF.has(text.toLowerCase())) return { value: false };
  if (TRUST_ALL.has(text.toLowerCase())) {
    return {
      problem: `${name} must name what is trusted, not "${text}": trusting every address lets any client write its own X-Forwarded-For (and escape the per-IP login limit). Give the number of proxies in front of billet (e.g. 1) or their addresses (e.g. 10.0.0.0/8,192.168.1.5)`,
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_PROXY_HOPS) {
      return { problem: `${name} must be a number of proxies from 1 to ${MAX_PROXY_HOPS} (got "${text}")` };
    }
    return { value: { hops } };
  }
  const proxies = text.split(",").map((entry) => entry.trim());
  const problems = proxies.map((entry) => (entry === "" ? "an empty entry" : entryProblem(entry)));
  const first = problems.find((problem) => problem !== undefined);
  if (first !== undefined) {
    return {
      problem: `${name} must be a number of proxies (e.g. 1) or a comma-separated list of proxy IP addresses or CIDR ranges: ${first}`,
    };
  }
  return { value: { proxies: [...new Set(proxies)] } };
}

/** The setting's problem, if any, when it came as a value (a flag or a test) instead of text. */
export function checkTrustProxy(value: TrustProxy): string | undefined {
  if (value === false) return undefined;
  if ("hops" in value) {
    return Number.isInteger(value.hops) && value.hops >= 1 && value.hops <= MAX_PROXY_HOPS
      ? undefined
      : `trustProxy hops must be a whole number from 1 to ${MAX_PROXY_HOPS} (got "${value.hops}")`;
  }
  return parseTrustProxy(value.proxies.join(","), "trustProxy").problem;
}
