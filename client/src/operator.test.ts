import { describe, expect, it } from "vitest";
import { NotFoundError } from "./errors.ts";
import { OperatorClient } from "./operator.ts";
import { billError, fakeFetch, json } from "./testing/fake-fetch.ts";

const TOKEN = "operator-token-for-tests-0123456789";

describe("OperatorClient", () => {
  it("sends each call once with the bearer token, JSON only when there is a body", async () => {
    const fake = fakeFetch(() => json(200, { results: [] }));
    const operator = new OperatorClient({
      baseUrl: "http://billet.test/connect/",
      token: TOKEN,
      fetch: fake.fetch,
    });
    await operator.sessions.list({ organizationId: "008x", userId: undefined });
    await operator.sessions.revokeAll({ userId: "006 a/b" });
    await operator.users.archive("006 a/b", "008x");
    expect(fake.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ["GET", "http://billet.test/operator/v1/sessions?organizationId=008x", undefined],
      ["POST", "http://billet.test/operator/v1/sessions/revoke", '{"userId":"006 a/b"}'],
      ["POST", "http://billet.test/operator/v1/users/006%20a%2Fb/archive", '{"organizationId":"008x"}'],
    ]);
    for (const request of fake.requests) expect(request.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect([...(fake.requests[0]?.headers.keys() ?? [])]).toEqual(["authorization"]);
    expect(fake.requests[1]?.headers.get("content-type")).toBe("application/json");
  });

  it("unwraps lists, reads codes from the outbox, and throws the error class of a status, unretried", async () => {
    let calls = 0;
    const fake = fakeFetch((request) => {
      calls += 1;
      if (request.url.includes("/limits/")) return billError(404, "BDC_9005");
      return json(200, { results: [{ text: "Your code is 123456." }] });
    });
    const operator = new OperatorClient({ baseUrl: "http://billet.test", token: TOKEN, fetch: fake.fetch });
    expect(await operator.outbox.latestCode("+15551234567")).toBe("123456");
    expect(fake.requests[0]?.url).toBe("http://billet.test/operator/v1/outbox?to=%2B15551234567&limit=1");
    await expect(operator.limits.get("0dk01x")).rejects.toBeInstanceOf(NotFoundError);
    expect(calls).toBe(2);
  });
  it("moves the test clock: backwards only when asked, frozen, unfrozen, reset", async () => {
    const fake = fakeFetch(() => json(200, { time: "x", epochMs: 0, settable: true, frozen: false }));
    const operator = new OperatorClient({ baseUrl: "http://billet.test", token: TOKEN, fetch: fake.fetch });
    await operator.clock.set(new Date(Date.UTC(2026, 0, 1)));
    await operator.clock.set("2025-01-01T00:00:00Z", { backwards: true });
    await operator.clock.advance({ minutes: -5, backwards: true });
    await operator.clock.freeze();
    await operator.clock.freeze("2027-01-01T00:00:00Z", { backwards: false });
    await operator.clock.unfreeze();
    await operator.clock.reset();
    expect(
      fake.requests.map((r) => [r.method, r.url.replace("http://billet.test/operator/v1", ""), r.body]),
    ).toEqual([
      ["PUT", "/clock", '{"time":"2026-01-01T00:00:00.000Z"}'],
      ["PUT", "/clock", '{"time":"2025-01-01T00:00:00Z","backwards":true}'],
      ["POST", "/clock/advance", '{"minutes":-5,"backwards":true}'],
      ["POST", "/clock/freeze", "{}"],
      ["POST", "/clock/freeze", '{"time":"2027-01-01T00:00:00Z","backwards":false}'],
      ["POST", "/clock/unfreeze", "{}"],
      ["POST", "/clock/reset", "{}"],
    ]);
  });

  it("reads resources by kind, a slash kept as a path separator and every other byte encoded", async () => {
    const fake = fakeFetch(() => json(200, { results: [] }));
    const operator = new OperatorClient({ baseUrl: "http://billet.test", token: TOKEN, fetch: fake.fetch });
    await operator.resources.kinds("008 a/b");
    await operator.resources.list("008x", "funding-accounts/banks", { max: 5, filters: 'name:sw:"A"' });
    await operator.resources.get("008x", "vendors", "009/../x?y");
    await operator.seed.apply({ organizations: [] });
    expect(fake.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ["GET", "http://billet.test/operator/v1/organizations/008%20a%2Fb/resources", undefined],
      [
        "GET",
        "http://billet.test/operator/v1/organizations/008x/resources/funding-accounts/banks?max=5&filters=name%3Asw%3A%22A%22",
        undefined,
      ],
      [
        "GET",
        "http://billet.test/operator/v1/organizations/008x/resources/vendors/009%2F..%2Fx%3Fy",
        undefined,
      ],
      ["POST", "http://billet.test/operator/v1/seed", '{"organizations":[]}'],
    ]);
  });
});
