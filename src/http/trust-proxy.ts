import type { TrustProxy } from "../config/trust-proxy.ts";

/**
 * Fastify's `trustProxy` for the setting. Never a bare number: Fastify 5.12 compiles a number
 * to "trust nothing" (the peer cannot be checked), so hops are given as a function of the hop
 * index, which proxy-addr calls from the socket's address (0) leftwards.
 */
export function fastifyTrustProxy(
  value: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (value === false) return false;
  if ("hops" in value) {
    const hops = value.hops;
    return (_address, hop) => hop < hops;
  }
  return [...value.proxies];
}
