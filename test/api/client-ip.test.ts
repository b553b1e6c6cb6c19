/**
 * BILLET_TRUST_PROXY over raw HTTP, the test playing the proxy: the client IP (what the per-IP
 * failed-login limit counts and the audit log records) is the right-most X-Forwarded-For
 * address that is not a trusted proxy; with the setting off, X-Forwarded-For is ignored.
 * test/api/nginx-proxy.test.ts does the same through a real nginx.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { TrustProxy } from "../../src/config/trust-proxy.ts";
import { failedLogin, failureIps } from "../helpers/client-ip-helpers.ts";
import { type Account, provisionAccount, startTestServer, type TestServer } from "../helpers/helpers.ts";

const LIMIT = 3;
let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(trustProxy: TrustProxy) {
  t = await startTestServer({
    config: { trustProxy, ipFailureLimit: LIMIT, ipFailureWindowSeconds: 900, lockoutThreshold: 0 },
  });
  const account = await provisionAccount(t.deps);
  return { server: t, account, port: Number(new URL(t.server.url).port) };
}

/** A failed login from `localAddress` carrying this X-Forwarded-For (none when undefined). */
const attempt = (port: number, account: Account, localAddress: string, forwardedFor?: string) =>
  failedLogin(port, account, {
    localAddress,
    ...(forwardedFor === undefined ? {} : { headers: { "x-forwarded-for": forwardedFor } }),
  });

describe("the client IP", () => {
  it("is the connection's address when BILLET_TRUST_PROXY is off: X-Forwarded-For is ignored", async () => {
    const { server, account, port } = await start(false);
    for (let i = 0; i < LIMIT; i++) {
      expect(await attempt(port, account, "127.0.0.2", `203.0.113.${i}`)).toEqual(["BDC_1101"]);
    }
    // Rotating the header changes nothing: the address is locked.
    expect(await attempt(port, account, "127.0.0.2", "203.0.113.99")).toEqual(["BDC_1110"]);
    expect(await attempt(port, account, "127.0.0.3", "203.0.113.0")).toEqual(["BDC_1101"]);
    expect(await failureIps(server)).toEqual([...Array(LIMIT + 1).fill("127.0.0.2"), "127.0.0.3"]);
  });

  it("with 1 hop, tells apart two clients behind one proxy (a bare number in Fastify would not)", async () => {
    const { server, account, port } = await start({ hops: 1 });
    expect(await attempt(port, account, "127.0.0.1", "198.51.100.1")).toEqual(["BDC_1101"]);
    expect(await attempt(port, account, "127.0.0.1", "198.51.100.2")).toEqual(["BDC_1101"]);
    // Without the header (a request that did not come through the proxy): the connection's address.
    expect(await attempt(port, account, "127.0.0.1")).toEqual(["BDC_1101"]);
    expect(await failureIps(server)).toEqual(["127.0.0.1", "198.51.100.1", "198.51.100.2"]);
  });

  it("with 1 hop, takes the address the proxy appended, whatever the client wrote before it", async () => {
    const { server, account, port } = await start({ hops: 1 });
    // The proxy appends the address it saw (198.51.100.7) to whatever the client sent.
    for (let i = 0; i < LIMIT; i++) {
      expect(await attempt(port, account, "127.0.0.1", `10.9.9.${i}, 198.51.100.7`)).toEqual(["BDC_1101"]);
    }
    expect(await attempt(port, account, "127.0.0.1", "10.9.9.99, 198.51.100.7")).toEqual(["BDC_1110"]);
    expect(await attempt(port, account, "127.0.0.1", "198.51.100.8")).toEqual(["BDC_1101"]);
    expect(await failureIps(server)).toEqual([...Array(LIMIT + 1).fill("198.51.100.7"), "198.51.100.8"]);
  });

  it("with 2 hops, skips the second proxy's address too", async () => {
    const { server, account, port } = await start({ hops: 2 });
    await attempt(port, account, "127.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2");
    await attempt(port, account, "127.0.0.1", "198.51.100.2, 10.0.0.2");
    expect(await failureIps(server)).toEqual(["198.51.100.1", "198.51.100.2"]);
  });

  it("with a list of proxies, trusts only those addresses, in the connection and in the header", async () => {
    const { server, account, port } = await start({ proxies: ["127.0.0.1", "10.0.0.0/8"] });
    // From a trusted proxy: 10.1.2.3 is a proxy as well, 198.51.100.1 is the first that is not.
    await attempt(port, account, "127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.2.3");
    // From an address that is not a proxy: its header is not believed.
    await attempt(port, account, "127.0.0.2", "198.51.100.9");
    expect(await failureIps(server)).toEqual(["127.0.0.2", "198.51.100.1"]);
  });
});
