/**
 * The two takeovers of the security issue, tried end to end as the attacker would, and the
 * rules that close them (spec 5.1): an identity belongs to whoever owns its email address;
 * joining another organization needs its owner's consent; an email change is confirmed by
 * the new address; an impersonation (login-as-user) changes no factor.
 */
import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillClient, BillPartnerClient, Organization } from "../../client/src/index.ts";
import { errorParams } from "../../client/src/index.ts";
import { createUser, setOrganizationMfaRequired } from "../../src/auth/accounts/provisioning.ts";
import { hashSecret } from "../../src/auth/crypto/ids.ts";
import {
  type Account,
  codesOf,
  loginBody,
  postJson,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";
import { latestToken, newPhone, passChallenge, verifyPhone } from "../helpers/mfa-helpers.ts";
import {
  ADDRESS,
  acceptNewestInvitation,
  invitationToken,
  type PartnerAccount,
  partnerSignedIn,
  provisionPartner,
  signedIn,
} from "../helpers/provisioning-helpers.ts";

/** Every printable ASCII character as its full-width form (U+FF01–U+FF5E). */
const fullWidth = (text: string) =>
  [...text]
    .map((c) => {
      const code = c.codePointAt(0) ?? 0;
      return code >= 0x21 && code <= 0x7e ? String.fromCodePoint(code + 0xfee0) : c;
    })
    .join("");

/** The token of the newest email-change confirmation sent to `email`. */
async function confirmationToken(t: TestServer, email: string): Promise<string | undefined> {
  const messages = await t.deps.stores.outbox.list({ recipient: email });
  const message = messages.find((m) => m.purpose === "email-change");
  return /valid for 24 hours: (\S+)/.exec(message?.text ?? "")?.[1];
}

describe("no account or MFA takeover across tenants", () => {
  let t: TestServer;
  let partner: PartnerAccount;
  let attacker: BillPartnerClient;
  let attackerOrg: Organization;

  beforeEach(async () => {
    t = await startTestServer();
    partner = await provisionPartner(t.deps, "Mallory Partners");
    attacker = await partnerSignedIn(t, partner);
    attackerOrg = await attacker.organizations.create({ name: "Mallory Inc", address: ADDRESS });
  });
  afterEach(() => t.close());

  const confirm = (client: BillClient, body: unknown) => postJson(client, "/v3/email-changes/confirm", body);

  it("attack 1: a partner's own user moved to an unregistered address never becomes its owner's identity", async () => {
    const raw = t.client("-");
    // 1. The partner creates a user in its own organization and gives it a password by
    //    accepting its own invitation (the attacker reads attacker-owned mailboxes).
    const planted = await attacker
      .users(attackerOrg.id)
      .create({ firstName: "Plant", email: "plant@mallory.test", acceptTermsOfService: true });
    await acceptNewestInvitation(t, "plant@mallory.test", "mallory's password");
    // 2. It changes the user's email to an address nobody has registered yet. Closed here: the
    //    change waits for the new address, and the old one stays the login.
    const moved = await attacker.users(attackerOrg.id).update(planted.id, { email: "victim@corp.test" });
    expect(moved.email).toBe("plant@mallory.test");
    expect((await t.deps.stores.users.findById(planted.id))?.email).toBe("plant@mallory.test");
    expect(await t.deps.stores.users.findByEmail("victim@corp.test")).toBeUndefined();
    // The token went to the victim's mailbox; the attacker has only its own password, and a
    // guessed token is no token.
    const guessed = await confirm(raw, { token: "x".repeat(43), password: "mallory's password" });
    expect([guessed.status, codesOf(guessed.body)]).toEqual([400, ["BDC_9001"]]);

    // 3. Later the victim's own organization adds the address: a new person, not the plant.
    const victimOrg = await provisionAccount(t.deps, { organizationName: "Corp" });
    const corpAdmin = await signedIn(t, victimOrg);
    const victim = await corpAdmin.users.create({
      firstName: "Vic",
      email: "victim@corp.test",
      acceptTermsOfService: true,
    });
    expect(victim.id).not.toBe(planted.id);
    // 4. The attacker's password opens nothing there.
    const login = await rejection(
      t.client(victimOrg.devKey).sessions.login({
        username: "victim@corp.test",
        password: "mallory's password",
        organizationId: victimOrg.organizationId,
      }),
    );
    expect(login.code).toBe("BDC_1101");
    // The victim's invitation sets the victim's password; the plant's confirmation, had it
    // been phished from the victim, is dead now that the address is the victim's.
    await acceptNewestInvitation(t, "victim@corp.test", "victim's own password");
    const phished = await confirmationToken(t, "victim@corp.test");
    expect(phished).toEqual(expect.any(String));
    const late = await confirm(raw, { token: phished, password: "mallory's password" });
    expect([late.status, codesOf(late.body)]).toEqual([400, ["BDC_9001"]]);
    expect((await t.deps.stores.users.findById(planted.id))?.email).toBe("plant@mallory.test");
    // The owner of the taken address was never asked for anything but told nothing changed.
    const session = await t.client(victimOrg.devKey).sessions.login({
      username: "victim@corp.test",
      password: "victim's own password",
      organizationId: victimOrg.organizationId,
    });
    expect(session.userId).toBe(victim.id);
  });

  it("attack 1, phished: even with the token, the identity joins no organization without its new address's consent", async () => {
    // The victim is tricked into forwarding the confirmation; the plant now logs in as
    // victim@corp.test, but any organization that adds the address gets a pending member.
    const planted = await attacker
      .users(attackerOrg.id)
      .create({ firstName: "Plant", email: "plant@mallory.test", acceptTermsOfService: true });
    await acceptNewestInvitation(t, "plant@mallory.test", "mallory's password");
    await attacker.users(attackerOrg.id).update(planted.id, { email: "victim@corp.test" });
    const token = await confirmationToken(t, "victim@corp.test");
    const raw = t.client("-");
    // Confirmation needs the account's password: the victim alone cannot complete it.
    const byVictim = await confirm(raw, { token, password: "victim guesses" });
    expect([byVictim.status, codesOf(byVictim.body)]).toEqual([401, ["BDC_1101"]]);
    const byAttacker = await confirm(raw, { token, password: "mallory's password" });
    expect([byAttacker.status, byAttacker.body]).toEqual([
      200,
      { userId: planted.id, email: "victim@corp.test" },
    ]);
    const victimOrg = await provisionAccount(t.deps, { organizationName: "Corp" });
    const corpAdmin = await signedIn(t, victimOrg);
    const added = await corpAdmin.users.create({
      firstName: "Vic",
      email: "victim@corp.test",
      acceptTermsOfService: true,
    });
    expect(added.id).toBe(planted.id);
    expect(added.pending).toBe(true);
    const login = await rejection(
      t.client(victimOrg.devKey).sessions.login({
        username: "victim@corp.test",
        password: "mallory's password",
        organizationId: victimOrg.organizationId,
      }),
    );
    expect([login.status, login.code]).toEqual([401, "BDC_1111"]);
  });

  it("attack 2: a partner cannot impersonate a registered person it added, nor plant a factor when it may", async () => {
    const victim = await provisionAccount(t.deps, { organizationName: "Victim Co" });
    unwrap(await setOrganizationMfaRequired(t.deps, victim.organizationId, true));
    const victimClient = await signedIn(t, victim);
    const victimPhone = newPhone();
    await verifyPhone(t, victimClient, victimPhone);
    // 1. The partner adds the victim's registered email to its own organization: pending.
    const added = await attacker
      .users(attackerOrg.id)
      .create({ firstName: "V", email: victim.username, acceptTermsOfService: true });
    expect([added.id, added.pending]).toEqual([victim.userId, true]);
    // 2. login-as-user into it: closed here (item 1).
    const impersonation = await rejection(
      attacker.loginAsUser({ userId: victim.userId, organizationId: attackerOrg.id }),
    );
    expect([impersonation.status, impersonation.code]).toEqual([401, "BDC_1111"]);

    // Suppose the victim consents (accepts with their own password): impersonation is now the
    // partner's right in its organization, but it changes no factor of the person (item 2).
    await acceptNewestInvitation(t, victim.username, victim.password);
    const asVictim = await attacker.loginAsUser({ userId: victim.userId, organizationId: attackerOrg.id });
    const session = t.client(partner.devKey);
    session.useSession(asVictim.sessionId, attackerOrg.id);
    const headers = { devKey: partner.devKey, sessionId: asVictim.sessionId };
    const malloryPhone = newPhone();
    const setup = await postJson(session, "/v3/mfa/setup", { phone: malloryPhone, type: "TEXT" }, headers);
    expect([setup.status, codesOf(setup.body)]).toEqual([403, ["BDC_9004"]]);
    expect(await t.deps.stores.outbox.list({ recipient: malloryPhone })).toEqual([]);
    for (const path of ["/v3/mfa/setup/validate", "/v3/mfa/validate"]) {
      const validate = await postJson(
        session,
        path,
        { setupId: "0ms01AAAAAAAAAAAAAAA", type: "TEXT", token: "123456" },
        headers,
      );
      expect([validate.status, codesOf(validate.body)], path).toEqual([403, ["BDC_9004"]]);
    }
    // A challenge reaches the victim's own phone; remembering a device is refused.
    const { challengeId } = await session.mfa.challenge();
    const remember = await postJson(
      session,
      "/v3/mfa/challenge/validate",
      { challengeId, token: await latestToken(t, victimPhone), rememberMe: true, device: "mallory-laptop" },
      headers,
    );
    expect([remember.status, codesOf(remember.body)]).toEqual([403, ["BDC_9004"]]);
    expect(await t.deps.stores.rememberedDevices.listForUser(victim.userId)).toEqual([]);
    expect((await t.deps.stores.mfa.findPhone(victim.userId))?.phone).toBe(victimPhone);
    // Changing the person's own login e-mail is a credential too.
    const email = await rejection(session.users.update(victim.userId, { email: "v@mallory.test" }));
    expect([email.status, email.code]).toEqual([403, "BDC_9004"]);
    // The victim's own session keeps every factor.
    expect(
      (await passChallenge(t, victimClient, victimPhone, { rememberMe: true, device: "own" })).rememberMeId,
    ).toEqual(expect.any(String));
  });
});

describe("joining another organization needs the identity owner's consent", () => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer();
    admin = await provisionAccount(t.deps, { organizationName: "Acme" });
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  it("answers an add the same whether or not the address had an identity", async () => {
    const known = await provisionAccount(t.deps);
    const fresh = await client.users.create({
      firstName: "A",
      email: "fresh@example.com",
      acceptTermsOfService: true,
    });
    const existing = await client.users.create({
      firstName: "A",
      email: known.username,
      acceptTermsOfService: true,
    });
    const shape = (u: Record<string, unknown>) => ({
      ...u,
      id: "-",
      email: "-",
      createdTime: "-",
      updatedTime: "-",
    });
    expect(shape(existing as never)).toEqual(shape(fresh as never));
    expect(Object.keys(existing)).toEqual(Object.keys(fresh));
    // Both read as pending in the list, too.
    const list = await client.users.list().toArray();
    expect(
      list
        .filter((u) => u.pending)
        .map((u) => u.id)
        .sort(),
    ).toEqual([existing.id, fresh.id].sort());
    // Both got an invitation with a token; only the wording of how to accept differs.
    for (const email of ["fresh@example.com", known.username]) {
      expect(await invitationToken(t.deps, email)).toMatch(/^[\w-]{43}$/);
    }
  });

  it("keeps a pending member out until they accept with their own password", async () => {
    const known = await provisionAccount(t.deps);
    const joined = await client.users.create({
      firstName: "K",
      email: known.username,
      acceptTermsOfService: true,
    });
    expect((await t.deps.stores.memberships.find(known.userId, admin.organizationId))?.pending).toBe(true);
    const here = t.client(admin.devKey);
    const early = await rejection(
      here.sessions.login({ ...loginBody(known), organizationId: admin.organizationId }),
    );
    expect([early.status, early.code]).toEqual([401, "BDC_1111"]);
    // Their own organization is untouched.
    expect((await signedIn(t, known)).organizationId).toBe(known.organizationId);
    // The invitation token alone is not enough: it needs the identity's password.
    const token = await invitationToken(t.deps, known.username);
    const raw = t.client("-");
    const wrong = await postJson(raw, "/v3/invitations/accept", { token, password: "admin's guess" });
    expect([wrong.status, codesOf(wrong.body)]).toEqual([401, ["BDC_1101"]]);
    const ok = await postJson(raw, "/v3/invitations/accept", { token, password: known.password });
    expect(ok.status).toBe(200);
    expect((await client.users.get(joined.id)).pending).toBeUndefined();
    expect(
      (await here.sessions.login({ ...loginBody(known), organizationId: admin.organizationId })).userId,
    ).toBe(known.userId);
  });

  it("invites again a member whose invitation expired; one who accepted is 400", async () => {
    const known = await provisionAccount(t.deps);
    const joined = await client.users.create({
      firstName: "K",
      email: known.username,
      acceptTermsOfService: true,
    });
    const first = await invitationToken(t.deps, known.username);
    t.clock.advance(7 * 24 * 60 * 60 * 1000);
    const raw = t.client("-");
    const expired = await postJson(raw, "/v3/invitations/accept", { token: first, password: known.password });
    expect([expired.status, codesOf(expired.body)]).toEqual([400, ["BDC_9001"]]);
    client = await signedIn(t, admin); // a week later: a new session
    const again = await client.rawRequest({
      method: "POST",
      path: `/v3/users/${joined.id}/invite`,
      auth: true,
    });
    expect([again.status, (again.body as { pending?: boolean }).pending]).toEqual([200, true]);
    const second = await invitationToken(t.deps, known.username);
    expect(second).not.toBe(first);
    expect(
      (await postJson(raw, "/v3/invitations/accept", { token: second, password: known.password })).status,
    ).toBe(200);
    const done = await client.rawRequest({
      method: "POST",
      path: `/v3/users/${joined.id}/invite`,
      auth: true,
    });
    expect([done.status, codesOf(done.body)]).toEqual([400, ["BDC_9001"]]);
  });

  it("the operator tools add an active membership directly, and say so in the audit log", async () => {
    // A pending one (added over the API) becomes active the same way.
    const pending = await provisionAccount(t.deps);
    await client.users.create({ firstName: "P", email: pending.username, acceptTermsOfService: true });
    expect(
      (await createUser(t.deps, { organizationId: admin.organizationId, email: pending.username })).ok,
    ).toBe(true);
    expect((await t.deps.stores.memberships.find(pending.userId, admin.organizationId))?.pending).toBe(false);
    const known = await provisionAccount(t.deps);
    const operator = await fetch(`${t.server.url}/operator/v1/users`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.server.generatedOperatorToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ organizationId: admin.organizationId, email: known.username }),
    });
    expect(operator.status).toBe(200);
    const here = t.client(admin.devKey);
    expect(
      (await here.sessions.login({ ...loginBody(known), organizationId: admin.organizationId })).userId,
    ).toBe(known.userId);
    await t.server.runtime.auditLog.flush();
    const events = await t.deps.stores.audit.list({ userId: known.userId, event: "membership.added" });
    expect(events.map((e) => [e.organizationId, e.reason])).toContainEqual([
      admin.organizationId,
      "operator: existing identity, active at once",
    ]);
  });
});

describe("email changes are confirmed by the new address", () => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer();
    admin = await provisionAccount(t.deps, { organizationName: "Acme" });
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  const confirm = (body: unknown) => postJson(t.client("-"), "/v3/email-changes/confirm", body);

  async function member(email: string, password: string) {
    const user = await client.users.create({ firstName: "M", email, acceptTermsOfService: true });
    await acceptNewestInvitation(t, email, password);
    return user;
  }

  it("an administrator's change takes effect when the new address confirms it with the account's password", async () => {
    const user = await member("old@example.com", "old password 1");
    const answer = await client.users.update(user.id, { email: "New@Example.com" });
    expect(answer.email).toBe("old@example.com");
    const notice = await t.deps.stores.outbox.list({ recipient: "old@example.com", limit: 1 });
    expect(notice[0]?.purpose).toBe("email-change-requested");
    const token = await confirmationToken(t, "new@example.com");
    expect(token).toMatch(/^[\w-]{43}$/);
    // Stored only as its hash.
    const db = new Sqlite(t.databasePath, { readonly: true });
    const rows = db.prepare("SELECT * FROM email_changes").all() as Record<string, unknown>[];
    db.close();
    expect(rows).toEqual([
      expect.objectContaining({ token_hash: hashSecret(token ?? ""), email: "new@example.com" }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);
    const res = await confirm({ token, password: "old password 1" });
    expect([res.status, res.body]).toEqual([200, { userId: user.id, email: "new@example.com" }]);
    expect((await client.users.get(user.id)).email).toBe("new@example.com");
    const fresh = t.client(admin.devKey);
    const old = await rejection(
      fresh.sessions.login({
        username: "old@example.com",
        password: "old password 1",
        organizationId: admin.organizationId,
      }),
    );
    expect(old.code).toBe("BDC_1101");
    expect(
      (
        await fresh.sessions.login({
          username: "new@example.com",
          password: "old password 1",
          organizationId: admin.organizationId,
        })
      ).userId,
    ).toBe(user.id);
    // Works once; expires after 24 hours.
    expect((await confirm({ token, password: "old password 1" })).status).toBe(400);
    await client.users.update(user.id, { email: "later@example.com" });
    t.clock.advance(24 * 60 * 60 * 1000);
    const expired = await confirm({
      token: await confirmationToken(t, "later@example.com"),
      password: "old password 1",
    });
    expect([expired.status, codesOf(expired.body)]).toEqual([400, ["BDC_9001"]]);
  });

  it("answers the same for a taken address, which never confirms; its owner is told", async () => {
    const user = await member("mover@example.com", "mover password");
    const other = await provisionAccount(t.deps);
    const free = await client.users.update(user.id, { email: "free@example.com" });
    const taken = await client.users.update(user.id, { email: other.username });
    expect({ ...taken, updatedTime: "-" }).toEqual({ ...free, updatedTime: "-" });
    const told = await t.deps.stores.outbox.list({ recipient: other.username, limit: 1 });
    expect(told[0]).toEqual(
      expect.objectContaining({
        purpose: "email-change-refused",
        userId: other.userId,
        text: expect.stringContaining("nothing was changed"),
      }),
    );
    expect(told[0]?.text).not.toMatch(/token/);
    expect(await confirmationToken(t, other.username)).toBeUndefined();
    // The account's current address got the same notice both times.
    const notices = await t.deps.stores.outbox.list({ recipient: "mover@example.com" });
    expect(notices.filter((m) => m.purpose === "email-change-requested").map((m) => m.text)).toEqual([
      expect.any(String),
      expect.any(String),
    ]);
    expect((await t.deps.stores.users.findById(user.id))?.email).toBe("mover@example.com");
  });

  it("a change may only be asked for someone who belongs to none but the caller's organizations", async () => {
    const other = await provisionAccount(t.deps);
    await client.users.create({ firstName: "O", email: other.username, acceptTermsOfService: true });
    await acceptNewestInvitation(t, other.username, other.password);
    const error = await rejection(client.users.update(other.userId, { email: "stolen@example.com" }));
    expect([error.status, error.code, errorParams(error.errors[0])]).toEqual([
      400,
      "BDC_9001",
      { paramName0: "email" },
    ]);
    expect(await confirmationToken(t, "stolen@example.com")).toBeUndefined();
  });

  it("the operator forces a change at once (409 when taken), audited; or asks like an administrator", async () => {
    const user = await member("ops@example.com", "ops password 1");
    const other = await provisionAccount(t.deps);
    const call = (body: unknown) =>
      fetch(`${t.server.url}/operator/v1/users/${user.id}/email`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${t.server.generatedOperatorToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      });
    const taken = await call({ email: other.username, force: true });
    expect(taken.status).toBe(409);
    const asked = await call({ email: "asked@example.com" });
    expect(await asked.json()).toEqual({ userId: user.id, changed: false, confirmationSent: true });
    expect(await confirmationToken(t, "asked@example.com")).toEqual(expect.any(String));
    const forced = await call({ email: "ＦＯＲＣＥＤ@example.com", force: true });
    expect(await forced.json()).toEqual({ userId: user.id, email: "forced@example.com", changed: true });
    expect((await t.deps.stores.users.findById(user.id))?.email).toBe("forced@example.com");
    // The pending request was closed by the forced change.
    const stale = await confirm({
      token: await confirmationToken(t, "asked@example.com"),
      password: "ops password 1",
    });
    expect(stale.status).toBe(400);
    await t.server.runtime.auditLog.flush();
    expect((await t.deps.stores.audit.list({ userId: user.id, event: "email.change.forced" })).length).toBe(
      1,
    );
  });

  it("emails compare after NFKC and case folding: a full-width look-alike is the same address", async () => {
    const lookAlike = fullWidth(admin.username);
    expect(lookAlike).not.toBe(admin.username);
    const error = await rejection(
      client.users.create({ firstName: "Twin", email: lookAlike, acceptTermsOfService: true }),
    );
    expect([error.status, error.code]).toEqual([409, "BDC_9008"]);
    const fullWidthAt = admin.username.replace("@", "＠").toUpperCase();
    expect(fullWidthAt).not.toBe(admin.username);
    const again = await rejection(
      client.users.create({ firstName: "Twin", email: fullWidthAt, acceptTermsOfService: true }),
    );
    expect([again.status, again.code]).toEqual([409, "BDC_9008"]);
    // Logging in with the look-alike is logging in with the address.
    const login = await t.client(admin.devKey).sessions.login({ ...loginBody(admin), username: fullWidthAt });
    expect(login.userId).toBe(admin.userId);
    // ß folds to ss.
    await client.users.create({ firstName: "S", email: "strasse@example.com", acceptTermsOfService: true });
    const folded = await rejection(
      client.users.create({ firstName: "S", email: "STRAßE@example.com", acceptTermsOfService: true }),
    );
    expect(folded.code).toBe("BDC_9008");
  });
});

describe("the password rules hold on every way a password is set", () => {
  let t: TestServer;
  const token = "operator-token-for-the-password-rules-test";
  beforeEach(async () => {
    t = await startTestServer({ config: { operatorToken: token, passwordMinLength: 10 } });
  });
  afterEach(() => t.close());

  const operator = (path: string, body: unknown) =>
    fetch(`${t.server.url}/operator/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as { message?: string }[] }));

  it("refuses a short password or the email itself, naming the configured minimum", async () => {
    const account = await provisionAccount(t.deps, { password: "long enough password" });
    const short = await operator("/users", {
      organizationId: account.organizationId,
      email: "new@example.com",
      password: "nine char",
    });
    expect([short.status, short.body[0]?.message]).toEqual([
      400,
      "Invalid value for parameter: password. A password has 10 to 1024 characters.",
    ]);
    expect(await t.deps.stores.users.findByEmail("new@example.com")).toBeUndefined();
    const same = await operator(`/users/${account.userId}/password`, {
      password: account.username.toUpperCase(),
    });
    expect([same.status, same.body[0]?.message]).toEqual([
      400,
      "Invalid value for parameter: password. A password must not be the email address or username.",
    ]);
    const partner = await operator("/partners", { name: "P", username: "p-admin", password: "p-admin" });
    expect(partner.status).toBe(400);
    const long = await operator(`/users/${account.userId}/password`, { password: "x".repeat(1025) });
    expect(long.status).toBe(400);
    // The old password still logs in: login checks no rule.
    expect((await signedIn(t, account)).sessionId).toEqual(expect.any(String));
  });
});
