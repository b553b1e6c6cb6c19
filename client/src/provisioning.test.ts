import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, PermissionDeniedError } from "./errors.ts";
import {
  BASE_URL,
  billError,
  DEV_KEY,
  json,
  makeClient,
  ORG,
  type RecordedRequest,
} from "./testing/fake-fetch.ts";
import type { User } from "./types.ts";

const user = (n: number): User => ({
  id: `00601USER${String(n).padStart(11, "0")}`,
  archived: false,
  firstName: `U${n}`,
  lastName: "",
  email: `u${n}@example.com`,
  role: { id: "0po01ROLE00000000000", type: "ADMINISTRATOR" },
  createdTime: "2026-11-29T10:00:00.000+00:00",
  updatedTime: "2026-11-29T10:00:00.000+00:00",
});

/** Three pages of users behind cursors "c2" and "c3". */
function pagedUsers(request: RecordedRequest): Response {
  const page = new URL(request.url).searchParams.get("page");
  if (page === null) return json(200, { results: [user(1), user(2)], nextPage: "c2" });
  if (page === "c2") return json(200, { results: [user(3), user(4)], nextPage: "c3", prevPage: "p1" });
  return json(200, { results: [user(5)], prevPage: "p2" });
}

const signedIn = (handler: (request: RecordedRequest) => Response) => {
  const made = makeClient(handler);
  made.client.useSession("sess-1", ORG);
  return made;
};

describe("users, organizations, roles", () => {
  it("iterates every user across pages, following nextPage with the same max", async () => {
    const { client, requests } = signedIn(pagedUsers);
    const ids: string[] = [];
    for await (const u of client.users.list({ max: 2 })) ids.push(u.id);
    expect(ids).toEqual([1, 2, 3, 4, 5].map((n) => user(n).id));
    expect(requests.map((r) => new URL(r.url).search)).toEqual([
      "?max=2",
      "?max=2&page=c2",
      "?max=2&page=c3",
    ]);
    for (const request of requests) {
      expect(request.method).toBe("GET");
      expect(request.headers.get("devKey")).toBe(DEV_KEY);
      expect(request.headers.get("sessionId")).toBe("sess-1");
    }
  });

  it("gives single pages, pages in turn, and arrays; nothing is sent before it is asked for", async () => {
    const { client, requests } = signedIn(pagedUsers);
    const list = client.users.list();
    expect(requests).toHaveLength(0);
    expect((await list.firstPage()).nextPage).toBe("c2");
    expect(new URL(requests[0]?.url ?? "").search).toBe("");
    expect((await client.users.listPage({ page: "c3" })).results).toEqual([user(5)]);
    const sizes: number[] = [];
    for await (const page of client.users.list({ page: "c2" }).pages()) sizes.push(page.results.length);
    expect(sizes).toEqual([2, 1]);
    expect(await client.users.list().toArray()).toHaveLength(5);
  });

  it("stops at an empty page even if a server sends a nextPage with it", async () => {
    const { client, requests } = signedIn(() => json(200, { results: [], nextPage: "again" }));
    expect(await client.roles.list().toArray()).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("creates with a JSON body and an optional X-Idempotent-Key header", async () => {
    const { client, requests } = signedIn(() => json(200, user(1)));
    const body = { firstName: "U1", email: "u1@example.com", acceptTermsOfService: true } as const;
    expect(await client.users.create(body)).toEqual(user(1));
    await client.users.create(body, { idempotencyKey: "key-1" });
    expect(requests.map((r) => [r.method, r.url, r.headers.get("X-Idempotent-Key")])).toEqual([
      ["POST", `${BASE_URL}/v3/users`, null],
      ["POST", `${BASE_URL}/v3/users`, "key-1"],
    ]);
    expect(JSON.parse(requests[1]?.body ?? "")).toEqual(body);
    expect(requests[1]?.headers.get("content-type")).toBe("application/json");
  });

  it("retries a create that could not connect only when it has an idempotency key", async () => {
    let calls = 0;
    const { client, requests, sleeps } = signedIn(() => {
      calls += 1;
      if (calls % 2 === 1) throw new TypeError("fetch failed");
      return json(200, user(1));
    });
    const body = { firstName: "U1", email: "u1@example.com", acceptTermsOfService: true } as const;
    expect(await client.users.create(body, { idempotencyKey: "k" })).toEqual(user(1));
    expect(requests.map((r) => r.headers.get("X-Idempotent-Key"))).toEqual(["k", "k"]);
    expect(sleeps).toHaveLength(1);
    await expect(client.users.create(body)).rejects.toThrow(/Connection error/);
    expect(requests).toHaveLength(3);
  });

  it("encodes ids in paths and uses the right method for each call", async () => {
    const { client, requests } = signedIn(() => json(200, {}));
    const hostile = "006/../x?y";
    await client.users.get(hostile);
    await client.users.update(hostile, { firstName: "A" });
    await client.users.archive(hostile);
    await client.users.restore(hostile);
    await client.organizations.get(ORG);
    await client.organizations.update(ORG, { name: "Acme" });
    await client.roles.get("0po/1");
    const encoded = encodeURIComponent(hostile);
    expect(requests.map((r) => [r.method, r.url.replace(BASE_URL, ""), r.body ?? null])).toEqual([
      ["GET", `/v3/users/${encoded}`, null],
      ["PATCH", `/v3/users/${encoded}`, '{"firstName":"A"}'],
      ["POST", `/v3/users/${encoded}/archive`, null],
      ["POST", `/v3/users/${encoded}/restore`, null],
      ["GET", `/v3/organizations/${ORG}`, null],
      ["PATCH", `/v3/organizations/${ORG}`, '{"name":"Acme"}'],
      ["GET", "/v3/roles/0po%2F1", null],
    ]);
  });

  it("throws the error classes of BDC_9004, BDC_9005 and BDC_9008", async () => {
    const answers = [billError(403, "BDC_9004"), billError(404, "BDC_9005"), billError(409, "BDC_9008")];
    const { client } = signedIn(() => answers.shift() ?? json(500, []));
    await expect(client.users.archive("x")).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(client.users.get("x")).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      client.users.create({ firstName: "A", email: "a@b.co", acceptTermsOfService: true }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
