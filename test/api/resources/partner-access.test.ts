/**
 * Resources through a partner (auth 7, docs/bill-v3-resources.md 1.1): a partner-level session
 * is not an organization's session, so it reads no organization's records; a partner's
 * login-as-user session works in that organization only, and one partner cannot reach
 * another partner's organizations through ids.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BillClient, BillPartnerClient } from "../../../client/src/index.ts";
import { describeEachBackend } from "../../helpers/backends.ts";
import { rejection, startTestServer, type TestServer } from "../../helpers/helpers.ts";
import {
  ADDRESS,
  type PartnerAccount,
  partnerSignedIn,
  provisionPartner,
} from "../../helpers/provisioning-helpers.ts";

describeEachBackend("resources through a partner", (backend) => {
  let t: TestServer;

  beforeEach(async () => {
    t = await startTestServer({ backend });
  });
  afterEach(() => t.close());

  /** A partner with one organization, and a client logged in as that organization's user. */
  async function partnerWithOrganization(name: string) {
    const partner = await provisionPartner(t.deps, name);
    const partnerClient = await partnerSignedIn(t, partner);
    const organization = await partnerClient.organizations.create({ name: `${name} Org`, address: ADDRESS });
    const user = await partnerClient
      .users(organization.id)
      .create({ firstName: "Ada", email: `ada@${name.toLowerCase()}.example`, acceptTermsOfService: true });
    const asUser: BillClient = await partnerClient.userClient({
      userId: user.id,
      organizationId: organization.id,
      devKey: partner.devKey,
    });
    return { partner, partnerClient, organization, asUser };
  }

  const partnerSessionOn = (
    partner: PartnerAccount,
    partnerClient: BillPartnerClient,
    organizationId: string,
  ) => {
    // The partner's own session id, presented on an organization-level path.
    const raw = t.client(partner.devKey);
    raw.useSession(partnerClient.sessionId ?? "", organizationId);
    return raw;
  };

  it("a partner's login-as-user session writes and reads its organization's records", async () => {
    const { asUser, organization } = await partnerWithOrganization("Northwind");
    const vendor = await asUser.vendors.create({ name: "Paper Mill" });
    expect((await asUser.vendors.get(vendor.id)).name).toBe("Paper Mill");
    expect((await asUser.vendors.list().toArray()).map((v) => v.id)).toEqual([vendor.id]);
    const stored = await t.deps.stores.resources.find(organization.id, "vendors", vendor.id);
    expect(stored?.organizationId).toBe(organization.id);
  });

  it("a partner-level session reads no organization's records (401 BDC_1109)", async () => {
    const { partner, partnerClient, organization, asUser } = await partnerWithOrganization("Contoso");
    const vendor = await asUser.vendors.create({ name: "Ink Supply" });
    const raw = partnerSessionOn(partner, partnerClient, organization.id);
    for (const path of ["/v3/vendors", `/v3/vendors/${vendor.id}`]) {
      const res = await raw.rawRequest({ method: "GET", path, auth: true });
      expect([res.status, (res.body as { code: string }[])[0]?.code], path).toEqual([401, "BDC_1109"]);
    }
    const write = await raw.rawRequest({
      method: "POST",
      path: "/v3/vendors",
      auth: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Planted" }),
    });
    expect(write.status).toBe(401);
    expect((await t.deps.stores.resources.listAll(organization.id, "vendors")).map((v) => v.id)).toEqual([
      vendor.id,
    ]);
  });

  it("one partner cannot reach another partner's records through their ids (404 BDC_9005)", async () => {
    const mine = await partnerWithOrganization("Fabrikam");
    const theirs = await partnerWithOrganization("Tailspin");
    const their = await theirs.asUser.vendors.create({ name: "Secret Supplier" });
    expect((await rejection(mine.asUser.vendors.get(their.id))).code).toBe("BDC_9005");
    expect((await rejection(mine.asUser.vendors.update(their.id, { name: "Taken" }))).code).toBe("BDC_9005");
    expect((await rejection(mine.asUser.vendors.archive(their.id))).code).toBe("BDC_9005");
    // A session belongs to one organization whatever organization a client claims beside it.
    const crossed = t.client(mine.partner.devKey);
    crossed.useSession(mine.asUser.sessionId ?? "", theirs.organization.id);
    expect((await rejection(crossed.vendors.get(their.id))).code).toBe("BDC_9005");
    // Their devKey with my session: no session at all.
    const foreignKey = t.client(theirs.partner.devKey);
    foreignKey.useSession(mine.asUser.sessionId ?? "", mine.organization.id);
    expect((await rejection(foreignKey.vendors.list().toArray())).code).toBe("BDC_1109");
    expect(await theirs.asUser.vendors.get(their.id)).toMatchObject({
      name: "Secret Supplier",
      archived: false,
    });
  });
});
