import { afterEach, describe, expect, it } from "vitest";
import type { BillErrorEntry, BillPartnerClient, Organization, User } from "../../client/src/index.ts";
import { errorParams } from "../../client/src/index.ts";
import { deactivateDevKey, setOrganizationLocked } from "../../src/auth/accounts/provisioning.ts";
import {
  type Account,
  captureLogs,
  codesOf,
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "../helpers/helpers.ts";
import {
  ADDRESS,
  invitationToken,
  type PartnerAccount,
  partnerSignedIn,
  provisionPartner,
  signedIn,
} from "../helpers/provisioning-helpers.ts";

const MINUTE = 60 * 1000;

describe("partner sessions and login-as-user", () => {
  let t: TestServer;
  let partner: PartnerAccount;
  let client: BillPartnerClient;
  let organization: Organization;
  let user: User;

  const setup = async (options: TestServerOptions = {}) => {
    t = await startTestServer(options);
    partner = await provisionPartner(t.deps);
    client = await partnerSignedIn(t, partner);
    organization = await client.organizations.create({ name: "Rice Cakes Inc", address: ADDRESS });
    user = await client
      .users(organization.id)
      .create({ firstName: "Tomato", email: "tomato@example.com", acceptTermsOfService: true });
  };
  afterEach(() => t.close());

  it("logs in as a user: an organization-level session bound to the partner's devKey", async () => {
    await setup();
    const asUser = await client.loginAsUser({ userId: user.id, organizationId: organization.id });
    expect(asUser).toEqual({
      sessionId: expect.stringMatching(/^[\w-]{43}$/),
      organizationId: organization.id,
      userId: user.id,
      trusted: false,
    });
    const userClient = t.client(partner.devKey);
    userClient.useSession(asUser.sessionId, organization.id);
    expect(await userClient.sessions.details()).toEqual(
      expect.objectContaining({ organizationId: organization.id, userId: user.id }),
    );
    // The invited user (no password yet) is an administrator there and can provision too.
    expect((await userClient.users.list().toArray()).map((u) => u.id)).toEqual([user.id]);
    const other = await provisionAccount(t.deps);
    const elsewhere = t.client(other.devKey);
    elsewhere.useSession(asUser.sessionId, organization.id);
    expect((await rejection(elsewhere.sessions.details())).code).toBe("BDC_1109");
    const viaHelper = await client.userClient({
      userId: user.id,
      organizationId: organization.id,
      devKey: partner.devKey,
    });
    expect((await viaHelper.organizations.get(organization.id)).name).toBe("Rice Cakes Inc");
  });

  it("refuses archived users, rememberMeIds, locked organizations and an inactive devKey", async () => {
    await setup();
    const params = { userId: user.id, organizationId: organization.id };
    const missingDevice = await rejection(client.loginAsUser({ ...params, rememberMeId: "r" }));
    expect([missingDevice.code, errorParams(missingDevice.errors[0])]).toEqual([
      "BDC_1108",
      { paramName0: "device" },
    ]);
    const remembered = await rejection(
      client.loginAsUser({ ...params, rememberMeId: "r", device: "laptop" }),
    );
    expect([remembered.status, remembered.code]).toEqual([401, "BDC_9003"]);
    const unknown = await rejection(client.loginAsUser({ ...params, userId: "00601NoSuchUser00000" }));
    expect([unknown.status, unknown.code, unknown.errors[0]?.message]).toEqual([
      401,
      "BDC_1111",
      `No active user for: 00601NoSuchUser00000, ${organization.id}.`,
    ]);
    await client.users(organization.id).archive(user.id);
    expect((await rejection(client.loginAsUser(params))).code).toBe("BDC_1111");
    await client.users(organization.id).restore(user.id);
    await setOrganizationLocked(t.deps, organization.id, true);
    expect((await rejection(client.loginAsUser(params))).code).toBe("BDC_1107");
    await setOrganizationLocked(t.deps, organization.id, false);
    await deactivateDevKey(t.deps, partner.devKeyId);
    const inactive = await rejection(client.loginAsUser(params));
    expect([inactive.status, inactive.code]).toEqual([401, "BDC_1103"]);
  });

  it("ends the partner session with POST /v3/logout and appKey; organization logout is unchanged", async () => {
    await setup();
    const account: Account = await provisionAccount(t.deps);
    const orgClient = await signedIn(t, account);
    const ended = client.sessionId;
    expect(await client.logout()).toEqual({});
    expect(client.sessionId).toBeNull();
    client.useSession(ended);
    const after = await rejection(client.organizations.list().firstPage());
    expect([after.status, after.code]).toEqual([401, "BDC_1109"]);
    // Organization sessions still end with devKey + sessionId.
    expect((await orgClient.sessions.details()).userId).toBe(account.userId);
    const orgSession = orgClient.sessionId;
    await orgClient.sessions.logout();
    orgClient.useSession(orgSession, account.organizationId);
    expect((await rejection(orgClient.sessions.details())).code).toBe("BDC_1109");
  });

  it("binds a partner session to its appKey and expires it after 35 idle minutes", async () => {
    await setup();
    const rival = await provisionPartner(t.deps);
    const stolen = await client.rawRequest({
      method: "GET",
      path: "/v3/partner/organizations",
      auth: true,
      headers: { appKey: rival.appKey },
    });
    expect([stolen.status, codesOf(stolen.body)]).toEqual([401, ["BDC_1109"]]);
    t.clock.advance(34 * MINUTE + 59_000);
    expect(await client.organizations.list().toArray()).toHaveLength(1);
    t.clock.advance(35 * MINUTE + 1000);
    expect((await rejection(client.organizations.list().firstPage())).code).toBe("BDC_1109");
    const missing = await client.rawRequest({ method: "GET", path: "/v3/partner/organizations" });
    expect((missing.body as BillErrorEntry[]).map((e) => errorParams(e).paramName0)).toEqual([
      "appKey",
      "sessionId",
    ]);
  });

  it("logs no appKey, partner password, session id or invitation token", async () => {
    const logs = captureLogs();
    await setup({ logs });
    const token = await invitationToken(t.deps, "tomato@example.com");
    const asUser = await client.loginAsUser({ userId: user.id, organizationId: organization.id });
    const accept = await client.rawRequest({
      method: "POST",
      path: "/v3/invitations/accept",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token, password: "tomato-password" }),
    });
    expect(accept.status).toBe(200);
    const orgClient = t.client(partner.devKey);
    await orgClient.sessions.login({
      ...loginBody({ ...(await provisionAccount(t.deps)), username: "tomato@example.com" }),
      password: "tomato-password",
      organizationId: organization.id,
    });
    await client.logout();
    const text = logs.lines.join("\n");
    for (const secret of [
      partner.appKey,
      partner.password,
      partner.devKey,
      asUser.sessionId,
      token,
      "tomato-password",
      orgClient.sessionId ?? "",
    ]) {
      expect(secret.length).toBeGreaterThan(0);
      expect(text).not.toContain(secret);
    }
    const events = logs
      .records()
      .filter((r) => r.kind === "audit")
      .map((r) => r.event);
    expect(events).toEqual([
      "partner.login.success",
      "membership.invited",
      "partner.login-as-user",
      "membership.accepted",
      // provisionAccount's operator-side create, for a devKey-less login body above
      "membership.added",
      "login.success",
      "partner.logout",
    ]);
  });
});
