/**
 * A POST without a body (archive, restore, logout, …) is accepted whatever its Content-Type,
 * as common HTTP clients send one by default; a POST whose body is not JSON is still 415.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BillClient } from "../../client/src/index.ts";
import { type Account, provisionAccount, startTestServer, type TestServer } from "../helpers/helpers.ts";
import { signedIn } from "../helpers/provisioning-helpers.ts";
import { rawExchange } from "../helpers/raw-http.ts";

describe("POST without a body", () => {
  let t: TestServer;
  let account: Account;
  let client: BillClient;

  beforeAll(async () => {
    t = await startTestServer();
    account = await provisionAccount(t.deps);
    client = await signedIn(t, account);
  });
  afterAll(() => t.close());

  const post = (path: string, headers: Record<string, string>, body?: string) =>
    client.rawRequest({ method: "POST", path, auth: true, headers, ...(body === undefined ? {} : { body }) });

  it("archives and restores with any Content-Type, or none, when there is no body", async () => {
    const vendor = await client.vendors.create({ name: "Quiet" });
    for (const type of [
      "application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/xml",
    ]) {
      const archived = await post(`/v3/vendors/${vendor.id}/archive`, { "Content-Type": type });
      expect(archived.status, type).toBe(200);
      expect((archived.body as { archived: boolean }).archived).toBe(true);
      const restored = await post(`/v3/vendors/${vendor.id}/restore`, { "Content-Type": type }, "");
      expect(restored.status, type).toBe(200);
    }
    expect((await post(`/v3/vendors/${vendor.id}/archive`, {})).status).toBe(200);
  });

  it("still answers 415 for a body that is not JSON, and 400 BDC_1122 for bad JSON", async () => {
    const vendor = await client.vendors.create({ name: "Loud" });
    const plain = await post(
      `/v3/vendors/${vendor.id}/archive`,
      { "Content-Type": "text/plain" },
      "archive it",
    );
    expect(plain.status).toBe(415);
    expect((plain.body as { code: string }[])[0]?.code).toBeDefined();
    const form = await post("/v3/vendors", { "Content-Type": "application/x-www-form-urlencoded" }, "name=x");
    expect(form.status).toBe(415);
    const broken = await post("/v3/vendors", { "Content-Type": "application/json" }, '{"name":');
    expect(broken.status).toBe(400);
    expect((broken.body as { code: string }[])[0]?.code).toBe("BDC_1122");
    expect((await client.vendors.get(vendor.id)).archived).toBe(false);
  });

  it("logs out with a Content-Type and no body", async () => {
    const other = await signedIn(t, account);
    const res = await other.rawRequest({
      method: "POST",
      path: "/v3/logout",
      auth: true,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
  });

  it("takes an empty chunked body of any type, and refuses a chunked one with bytes", async () => {
    const vendor = await client.vendors.create({ name: "Chunked" });
    const port = new URL(t.baseUrl).port;
    const request = (chunks: string) =>
      rawExchange(Number(port), [
        `POST /connect/v3/vendors/${vendor.id}/archive HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          `devKey: ${account.devKey}\r\nsessionId: ${client.sessionId}\r\nContent-Type: text/plain\r\n` +
          `Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}`,
      ]);
    const empty = await request("0\r\n\r\n");
    expect(empty.status).toBe(200);
    const full = await request("5\r\nhello\r\n0\r\n\r\n");
    expect(full.status).toBe(415);
  });
});
