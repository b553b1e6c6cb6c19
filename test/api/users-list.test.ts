/**
 * `GET /v3/users` takes `filters` and `sort` like every BILL list (issue 15: a users sync read
 * archived users as active because both were ignored). The fields are ours: BILL lists none.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BillClient, User } from "../../client/src/index.ts";
import { errorParams } from "../../client/src/index.ts";
import {
  type Account,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import { signedIn } from "../helpers/provisioning-helpers.ts";

describe("users list: filters and sort", () => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;
  const made: User[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
    const roles = await client.roles.list().toArray();
    const roleOf = (type: string) => roles.find((r) => r.type === type)?.id ?? "";
    for (const [firstName, lastName, role] of [
      ["Ada", "Lovelace", "CLERK"],
      ["Alan", "Turing", "AUDITOR"],
      ["Grace", "Hopper", "CLERK"],
    ] as const) {
      t.clock.advance(1000);
      made.push(
        await client.users.create({
          firstName,
          lastName,
          email: `${firstName.toLowerCase()}@example.com`,
          roleId: roleOf(role),
          acceptTermsOfService: true,
        }),
      );
    }
    t.clock.advance(1000);
    await client.users.archive(made[1]!.id);
  });
  afterAll(() => t.close());

  const emails = async (params: { filters?: string; sort?: string; max?: number }) =>
    (await client.users.list(params).toArray()).map((u) => u.email);

  it("filters out archived users, by name, role and time", async () => {
    expect(await emails({ filters: "archived:eq:false" })).toEqual([
      admin.username,
      "ada@example.com",
      "grace@example.com",
    ]);
    expect(await emails({ filters: "archived:eq:true" })).toEqual(["alan@example.com"]);
    expect(await emails({ filters: 'firstName:sw:"A"' })).toEqual(["ada@example.com", "alan@example.com"]);
    expect(await emails({ filters: 'role.type:in:"CLERK,AUDITOR",archived:ne:true' })).toEqual([
      "ada@example.com",
      "grace@example.com",
    ]);
    expect(await emails({ filters: `id:eq:${made[2]!.id}` })).toEqual(["grace@example.com"]);
    expect(await emails({ filters: `createdTime:gt:"${made[0]!.createdTime}"` })).toEqual([
      "alan@example.com",
      "grace@example.com",
    ]);
  });

  it("sorts and pages, a cursor bound to its filters and sort", async () => {
    expect(await emails({ sort: "lastName:desc", filters: "archived:eq:false" })).toEqual([
      "ada@example.com",
      "grace@example.com",
      admin.username,
    ]);
    const first = await client.users.listPage({ max: 1, sort: "firstName" });
    const second = await client.users.listPage({ max: 1, sort: "firstName", page: first.nextPage });
    expect([first.results[0]?.firstName, second.results[0]?.firstName]).toEqual(["", "Ada"]);
    const mismatch = await rejection(client.users.listPage({ max: 1, page: first.nextPage }));
    expect(errorParams(mismatch.errors[0])).toEqual({ paramName0: "page" });
  });

  it("refuses what it cannot filter or sort on, naming it", async () => {
    for (const [params, message] of [
      [
        { filters: "password:eq:x" },
        "Invalid value for parameter: filters. 'password' cannot be filtered on.",
      ],
      [
        { filters: "role.type:eq:OWNER" },
        "Invalid value for parameter: filters. 'role.type' is one of ADMINISTRATOR, ACCOUNTANT, APPROVER, PAYER, CLERK, AUDITOR.",
      ],
      [{ sort: "role.type:asc" }, "Invalid value for parameter: sort. 'role.type' cannot be sorted on."],
    ] as const) {
      const error = await rejection(client.users.listPage(params));
      expect(error.status).toBe(400);
      expect(error.errors[0]?.message).toBe(message);
    }
  });
});
