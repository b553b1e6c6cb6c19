/**
 * Property (spec 5.1): whatever sequence of calls an attacker makes — as a partner and as the
 * administrator of an organization of its own, reading only its own mailboxes and phones —
 * and whatever honest victims do with what reaches theirs, no identity whose email belongs to
 * a victim ends up with a password, a phone or a remembered device the attacker set.
 *
 * Victims never do MFA and never confirm an email change they did not ask for except by
 * trying their own password; so any phone or remembered device on a victim's identity, or a
 * password other than the victim's, is the attacker's doing.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BillClient } from "../../client/src/index.ts";
import { createPartner } from "../../src/auth/accounts/partners.ts";
import {
  type Account,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";
import { newPhone } from "../helpers/mfa-helpers.ts";
import { ADDRESS } from "../helpers/provisioning-helpers.ts";

const RUNS = Number(process.env.BILLET_IDENTITY_RUNS || 60);
const ATTACKER_PASSWORD = "mallory's one password";
const VICTIM_PASSWORD = "the victim's own password";

type Actor = "partner" | "admin";
type Action =
  | { kind: "create"; actor: Actor; email: number }
  | { kind: "changeEmail"; actor: Actor; user: number; email: number }
  | { kind: "attackerAccepts"; email: number }
  | { kind: "attackerConfirms"; email: number }
  | { kind: "victimAccepts"; victim: number }
  | { kind: "victimConfirms"; victim: number }
  | { kind: "loginAsUser"; user: number }
  | { kind: "attackerLogsIn"; email: number; org: Actor };

const EMAILS = 5; // 0-1: victims (0 already registered), 2-4: the attacker's mailboxes
const actor = fc.constantFrom<Actor>("partner", "admin");
const anyEmail = fc.integer({ min: 0, max: EMAILS - 1 });
const attackerEmail = fc.integer({ min: 2, max: EMAILS - 1 });
const victim = fc.integer({ min: 0, max: 1 });
const user = fc.integer({ min: 0, max: 6 });
// Weighted so that the steps an attack needs (add, accept, move, impersonate) come often.
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("create" as const), actor, email: anyEmail }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("changeEmail" as const), actor, user, email: anyEmail }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("attackerAccepts" as const), email: attackerEmail }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("attackerConfirms" as const), email: attackerEmail }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("victimAccepts" as const), victim }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("victimConfirms" as const), victim }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("loginAsUser" as const), user }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("attackerLogsIn" as const), email: anyEmail, org: actor }),
  },
);

/**
 * A sequence in which each step an attack is made of succeeds, run before the generated ones:
 * that they do succeed is then checked on every seed, not left to the draw. Partner adds a new
 * victim, who accepts; the tenant admin adds one of the attacker's mailboxes, which accepts;
 * the admin moves a member to another mailbox; the partner impersonates its member.
 */
const EVERY_STEP: Action[] = [
  { kind: "create", actor: "partner", email: 1 },
  { kind: "victimAccepts", victim: 1 },
  { kind: "create", actor: "admin", email: 2 },
  { kind: "attackerAccepts", email: 2 },
  { kind: "changeEmail", actor: "admin", user: 1, email: 4 },
  { kind: "loginAsUser", user: 0 },
];

describe("no identity gets a factor from a party that does not own its email (property)", () => {
  let t: TestServer;
  let run = 0;
  /** How often each kind of step succeeded (200), over all runs: the property must be exercised. */
  const reached = new Map<string, number>();

  beforeAll(async () => {
    t = await startTestServer({ config: { lockoutThreshold: 0, ipFailureLimit: 0, mfaSendsPerMinute: 0 } });
  });
  afterAll(() => t?.close());

  /** One world per run: fresh addresses, the victims' organization, the attacker's two footholds. */
  async function world() {
    run += 1;
    const emails = [
      `victim0.${run}@corp.test`,
      `victim1.${run}@corp.test`,
      `mallory0.${run}@evil.test`,
      `mallory1.${run}@evil.test`,
      `mallory2.${run}@evil.test`,
    ];
    // Victim 0 already has an identity, with their own password, in their own organization.
    const victimOrg: Account = await provisionAccount(t.deps, { password: VICTIM_PASSWORD });
    await t.deps.stores.transaction(async (stores) => {
      await stores.users.setEmail(victimOrg.userId, emails[0] as string, t.clock.now());
    });
    // The attacker: a partner with an organization, and the administrator of a tenant whose
    // login is one of its own mailboxes.
    const created = unwrap(await createPartner(t.deps, { name: `Mallory ${run}` }));
    const partner = new BillClient({
      baseUrl: t.baseUrl,
      devKey: created.devKey,
      relogin: false,
      maxRetries: 0,
    });
    const raw = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      postJson(partner, path, body, headers);
    const partnerSession = (
      (
        await raw("/v3/partner/login", {
          appKey: created.appKey,
          username: created.user.username,
          password: created.password,
        })
      ).body as { sessionId: string }
    ).sessionId;
    const partnerHeaders = { appKey: created.appKey, sessionId: partnerSession };
    const partnerOrg = (
      (await raw("/v3/partner/organizations", { name: "Mallory Inc", address: ADDRESS }, partnerHeaders))
        .body as {
        id: string;
      }
    ).id;
    const tenant = await provisionAccount(t.deps, { password: ATTACKER_PASSWORD });
    await t.deps.stores.transaction(async (stores) => {
      await stores.users.setEmail(tenant.userId, `admin.${run}@evil.test`, t.clock.now());
    });
    const admin = t.client(tenant.devKey);
    await admin.sessions.login({
      username: `admin.${run}@evil.test`,
      password: ATTACKER_PASSWORD,
      organizationId: tenant.organizationId,
    });
    return { emails, victimOrg, created, partnerHeaders, partnerOrg, tenant, admin, raw };
  }

  it("holds for any sequence of partner and org-admin calls", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 24 }), async (actions) => {
        const w = await world();
        const attackerPhones: string[] = [];
        const statuses: number[] = [];
        const note = (status: number) => statuses.push(status);
        const orgOf = (a: Actor) => (a === "partner" ? w.partnerOrg : w.tenant.organizationId);
        const membersOf = async (a: Actor) =>
          (await t.deps.stores.memberships.listAllMembers(orgOf(a))).map((m) => m.userId);
        const asActor = (a: Actor, method: "POST" | "PATCH", path: string, body: unknown) =>
          a === "partner"
            ? w.admin.rawRequest({
                method,
                path: path.replace("/v3/", "/v3/partner/"),
                headers: {
                  ...w.partnerHeaders,
                  organizationId: w.partnerOrg,
                  "Content-Type": "application/json",
                },
                body: JSON.stringify(body),
              })
            : w.admin.rawRequest({
                method,
                path,
                auth: true,
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify(body),
              });
        const newest = async (recipient: string, purpose: string, pattern: RegExp) => {
          const messages = await t.deps.stores.outbox.list({ recipient });
          return pattern.exec(messages.find((m) => m.purpose === purpose)?.text ?? "")?.[1];
        };
        /** An organization-level session the attacker holds: its MFA moves, with its own phone. */
        const plantFactors = async (devKey: string, sessionId: string) => {
          const headers = { devKey, sessionId };
          const phone = newPhone();
          attackerPhones.push(phone);
          const setup = await postJson(w.admin, "/v3/mfa/setup", { phone, type: "TEXT" }, headers);
          note(setup.status);
          const setupId = (setup.body as { setupId?: string }).setupId;
          const code = await newest(phone, "mfa-setup", /code is (\d{6})/);
          if (setupId && code) {
            note(
              (
                await postJson(
                  w.admin,
                  "/v3/mfa/setup/validate",
                  { setupId, type: "TEXT", token: code },
                  headers,
                )
              ).status,
            );
          }
          const challenge = await postJson(w.admin, "/v3/mfa/challenge", {}, headers);
          note(challenge.status);
          const challengeId = (challenge.body as { challengeId?: string }).challengeId;
          // Only a code sent to the attacker's own phone can be read.
          const token = await newest(phone, "mfa-challenge", /code is (\d{6})/);
          if (challengeId && token) {
            const body = { challengeId, token, rememberMe: true, device: "mallory" };
            note((await postJson(w.admin, "/v3/mfa/challenge/validate", body, headers)).status);
          }
        };

        for (const step of actions) {
          const before = statuses.length;
          await perform(step);
          if (statuses.slice(before).includes(200)) reached.set(step.kind, (reached.get(step.kind) ?? 0) + 1);
        }
        async function perform(step: Action) {
          switch (step.kind) {
            case "create": {
              const body = { firstName: "X", email: w.emails[step.email], acceptTermsOfService: true };
              note((await asActor(step.actor, "POST", "/v3/users", body)).status);
              break;
            }
            case "changeEmail": {
              const members = await membersOf(step.actor);
              const target = members[step.user % Math.max(1, members.length)];
              if (!target) break;
              note(
                (await asActor(step.actor, "PATCH", `/v3/users/${target}`, { email: w.emails[step.email] }))
                  .status,
              );
              break;
            }
            case "attackerAccepts": {
              const email = w.emails[step.email] as string;
              const token = await newest(email, "invitation", /valid for 7 days: (\S+)/);
              if (token)
                note(
                  (await postJson(w.admin, "/v3/invitations/accept", { token, password: ATTACKER_PASSWORD }))
                    .status,
                );
              break;
            }
            case "attackerConfirms": {
              const email = w.emails[step.email] as string;
              const token = await newest(email, "email-change", /valid for 24 hours: (\S+)/);
              if (token)
                note(
                  (
                    await postJson(w.admin, "/v3/email-changes/confirm", {
                      token,
                      password: ATTACKER_PASSWORD,
                    })
                  ).status,
                );
              break;
            }
            case "victimAccepts": {
              const token = await newest(
                w.emails[step.victim] as string,
                "invitation",
                /valid for 7 days: (\S+)/,
              );
              if (token)
                note(
                  (await postJson(w.admin, "/v3/invitations/accept", { token, password: VICTIM_PASSWORD }))
                    .status,
                );
              break;
            }
            case "victimConfirms": {
              const token = await newest(
                w.emails[step.victim] as string,
                "email-change",
                /valid for 24 hours: (\S+)/,
              );
              if (token)
                note(
                  (await postJson(w.admin, "/v3/email-changes/confirm", { token, password: VICTIM_PASSWORD }))
                    .status,
                );
              break;
            }
            case "loginAsUser": {
              const members = await membersOf("partner");
              const target = members[step.user % Math.max(1, members.length)];
              if (!target) break;
              const res = await postJson(
                w.admin,
                "/v3/partner/login-as-user",
                { userId: target, organizationId: w.partnerOrg },
                w.partnerHeaders,
              );
              note(res.status);
              const sessionId = (res.body as { sessionId?: string }).sessionId;
              if (sessionId) await plantFactors(w.created.devKey, sessionId);
              break;
            }
            case "attackerLogsIn": {
              const organizationId = step.org === "partner" ? w.partnerOrg : w.tenant.organizationId;
              const devKey = step.org === "partner" ? w.created.devKey : w.tenant.devKey;
              const body = {
                username: w.emails[step.email],
                password: ATTACKER_PASSWORD,
                organizationId,
                devKey,
              };
              const res = await postJson(w.admin, "/v3/login", body);
              note(res.status);
              const sessionId = (res.body as { sessionId?: string }).sessionId;
              if (sessionId) await plantFactors(devKey, sessionId);
              break;
            }
          }
        }

        // Never a 5xx on the way.
        expect(statuses.filter((status) => status >= 500)).toEqual([]);
        for (const email of w.emails.slice(0, 2)) {
          const identity = await t.deps.stores.users.findByEmail(email);
          if (!identity) continue;
          const what = `${email}: ${JSON.stringify(actions)}`;
          if (identity.passwordHash !== null) {
            expect(await t.deps.hasher.verify(identity.passwordHash, ATTACKER_PASSWORD), what).toBe(false);
            expect(await t.deps.hasher.verify(identity.passwordHash, VICTIM_PASSWORD), what).toBe(true);
          }
          expect(await t.deps.stores.mfa.findPhone(identity.id), what).toBeUndefined();
          expect(await t.deps.stores.rememberedDevices.listForUser(identity.id), what).toEqual([]);
        }
      }),
      { numRuns: RUNS, examples: [[EVERY_STEP]] },
    );
    // The steps the attacks are made of did succeed (a property over sequences that all fail at
    // their first step would prove nothing): in EVERY_STEP at least, whatever the seed draws. Confirming a change and logging in
    // with the attacker's password succeed too, more rarely; identity-takeover.test.ts has them.
    for (const kind of ["create", "changeEmail", "attackerAccepts", "victimAccepts", "loginAsUser"]) {
      expect(reached.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
  }, 300_000);
});
