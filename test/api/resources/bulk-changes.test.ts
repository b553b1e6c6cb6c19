/**
 * The engine's bulk replace and bulk archive (docs/bill-v3-resources.md 7.4) on a declaration
 * that has no bulk routes of its own (customers): all or nothing, problems indexed, another
 * organization's id not found. The routes over them are tested through classifications.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BillClient } from "../../../client/src/index.ts";
import { customers } from "../../../src/resources/ar/customers.ts";
import { replaceResources, setResourcesArchived } from "../../../src/resources/engine.ts";
import { describeEachBackend } from "../../helpers/backends.ts";
import { type Account, provisionAccount, startTestServer, type TestServer } from "../../helpers/helpers.ts";
import { signedIn } from "../../helpers/provisioning-helpers.ts";

describeEachBackend("bulk changes in the engine", (backend) => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    admin = await provisionAccount(t.deps);
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  const scope = () => ({ organizationId: admin.organizationId, userId: admin.userId });

  it("replaces every record or none, each problem naming its item", async () => {
    const a = await client.customers.create({ name: "A", email: "a@example.com", phone: "1" });
    const b = await client.customers.create({ name: "B", email: "b@example.com" });
    t.clock.advance(1000);
    const refused = await replaceResources(t.deps, scope(), customers, [
      { id: a.id, body: { name: "A2", email: "a2@example.com" } },
      {
        id: b.id,
        body: {
          name: "B2",
          email: "b2@example.com",
          billingAddress: { country: "US", zipOrPostalCode: "1" },
        },
      },
    ]);
    expect(refused).toEqual({
      ok: false,
      errors: [
        { key: "INVALID_VALUE", params: { paramName0: "billingAddress.zipOrPostalCode", index: "1" } },
      ],
    });
    expect(await client.customers.get(a.id)).toEqual(a);

    const replaced = await replaceResources(t.deps, scope(), customers, [
      { id: a.id, body: { name: "A2", email: "a2@example.com" } },
      { id: b.id, body: { name: "B", email: "b@example.com" } },
    ]);
    if (!replaced.ok) throw new Error(JSON.stringify(replaced.errors));
    // A replace drops what the body leaves out; a replace that changes nothing keeps its time.
    expect(replaced.value.map((c) => [c.name, c.phone, c.updatedTime])).toEqual([
      ["A2", undefined, new Date(Date.parse(a.updatedTime) + 1000).toISOString().replace("Z", "+00:00")],
      ["B", undefined, b.updatedTime],
    ]);
  });

  it("archives every record or none; another organization's id is not found", async () => {
    const mine = await client.customers.create({ name: "Mine", email: "m@example.com" });
    const foreign = await signedIn(t, await provisionAccount(t.deps));
    const theirs = await foreign.customers.create({ name: "Theirs", email: "t@example.com" });
    const refused = await setResourcesArchived(t.deps, scope(), customers, [mine.id, theirs.id, "x"], true);
    expect(refused).toEqual({
      ok: false,
      errors: [
        { key: "NOT_FOUND", params: { paramName0: theirs.id, index: "1" } },
        { key: "NOT_FOUND", params: { paramName0: "id", index: "2" } },
      ],
    });
    expect((await client.customers.get(mine.id)).archived).toBe(false);
    expect((await foreign.customers.get(theirs.id)).archived).toBe(false);
    const archived = await setResourcesArchived(t.deps, scope(), customers, [mine.id], true);
    expect(archived.ok && archived.value.map((c) => c.archived)).toEqual([true]);
  });
});
