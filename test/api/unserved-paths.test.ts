/**
 * A BILL path billet does not serve yet is authenticated before its 404, so that a dead session
 * is 401 BDC_1109 on every BILL path and a client that logs in again on 401 keeps working.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BillClient } from "../../client/src/index.ts";
import { type Account, provisionAccount, startTestServer, type TestServer } from "../helpers/helpers.ts";
import { signedIn } from "../helpers/provisioning-helpers.ts";

describe("BILL paths billet does not serve yet", () => {
  let t: TestServer;
  let account: Account;
  let client: BillClient;

  beforeAll(async () => {
    t = await startTestServer();
    account = await provisionAccount(t.deps);
    client = await signedIn(t, account);
  });
  afterAll(() => t.close());

  const call = (path: string, headers: Record<string, string>) =>
    client.rawRequest({ method: "GET", path, headers });
  const codeOf = (body: unknown) => (body as { code: string }[])[0]?.code;

  it("answer a live session 404 BDC_1121, a dead one 401 BDC_1109, no headers 400 BDC_1108", async () => {
    const live = { devKey: account.devKey, sessionId: client.sessionId ?? "" };
    for (const path of [
      "/v3/recurring-invoices",
      "/v3/recurring-invoices/0ri01AAAAAAAAAAAAAAA",
      "/v3/documents/upload-status",
    ]) {
      const served = await call(path, live);
      expect([served.status, codeOf(served.body)], path).toEqual([404, "BDC_1121"]);
      const dead = await call(path, { devKey: account.devKey, sessionId: "not-a-session" });
      expect([dead.status, codeOf(dead.body)], path).toEqual([401, "BDC_1109"]);
      const bare = await call(path, {});
      expect([bare.status, codeOf(bare.body)], path).toEqual([400, "BDC_1108"]);
    }
  });

  it("count toward the hourly budget like any call, and refuse past it with BDC_1144", async () => {
    const limited = await startTestServer({ config: { hourlyRequestLimit: 3 } });
    try {
      const owner = await provisionAccount(limited.deps);
      const caller = await signedIn(limited, owner); // the login spends the first
      const unserved = () => caller.rawRequest({ method: "GET", path: "/v3/recurring-invoices", auth: true });
      const first = await unserved();
      expect([first.status, first.headers.get("x-ratelimit-remaining")]).toEqual([404, "1"]);
      expect((await unserved()).headers.get("x-ratelimit-remaining")).toBe("0");
      const refused = await unserved();
      expect([refused.status, codeOf(refused.body)]).toEqual([422, "BDC_1144"]);
    } finally {
      await limited.close();
    }
  });

  it("leave other unknown paths a plain 404, whoever calls", async () => {
    for (const path of ["/v3/no-such-thing", "/v4/invoices", "/v3/invoices/a/b/c"]) {
      const res = await call(path, { devKey: account.devKey, sessionId: "not-a-session" });
      expect([res.status, codeOf(res.body)], path).toEqual([404, "BDC_1121"]);
    }
  });

  it("serves BILL's GET /v3/health without credentials, in BILL's shape", async () => {
    const res = await call("/v3/health", {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      appId: "billet",
      appEnv: t.config.mode,
      appVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      bdcRegion: "local",
    });
  });
});
