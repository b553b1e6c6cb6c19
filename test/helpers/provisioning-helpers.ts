/** Helpers for the provisioning API tests (users, organizations, roles, partners). */
import { BillPartnerClient, type FetchLike } from "../../client/src/index.ts";
import { createPartner } from "../../src/auth/accounts/partners.ts";
import { createUser } from "../../src/auth/accounts/provisioning.ts";
import type { AuthDeps } from "../../src/auth/context.ts";
import type { RoleType } from "../../src/stores/types/organizations.ts";
import { type Account, loginBody, type TestServer, unwrap } from "./helpers.ts";

/** A client of the test server, logged in as the account. */
export async function signedIn(t: TestServer, account: Account) {
  const client = t.client(account.devKey);
  await client.sessions.login(loginBody(account));
  return client;
}

/** The one-time token of the newest invitation e-mail sent to `email`, read from the outbox. */
export async function invitationToken(deps: AuthDeps, email: string): Promise<string> {
  const [message] = await deps.stores.outbox.list({ recipient: email, limit: 1 });
  const token = /valid for 7 days: (\S+)/.exec(message?.text ?? "")?.[1];
  if (!token) throw new Error(`no invitation token for ${email}`);
  return token;
}

/**
 * The person behind `email` accepts the newest invitation sent there (spec 5.1): a new person
 * with the password they choose, an existing one with their current password. Returns the
 * accept response.
 */
export async function acceptNewestInvitation(t: TestServer, email: string, password: string) {
  const token = await invitationToken(t.deps, email);
  const res = await fetch(`${t.baseUrl}/v3/invitations/accept`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, password }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${JSON.stringify(body)}`);
  return body as { userId: string; organizationId: string };
}

/** A fetch that keeps the raw text of every response, to compare answers byte for byte. */
export function recordingFetch(): { fetch: FetchLike; texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      const text = await response.clone().text();
      texts.push(text);
      return response;
    },
  };
}

/** An error body with its timestamps blanked, to compare two answers apart from the time. */
export const withoutTimestamps = (body: unknown): unknown =>
  Array.isArray(body) ? body.map((entry) => ({ ...entry, timestamp: "-" })) : body;

export interface PartnerAccount {
  partnerId: string;
  appKey: string;
  devKey: string;
  devKeyId: string;
  username: string;
  password: string;
}

let partners = 0;

/** A partner with a known partner user. */
export async function provisionPartner(
  deps: AuthDeps,
  name = `Partner ${++partners}`,
): Promise<PartnerAccount> {
  const created = unwrap(await createPartner(deps, { name }));
  return {
    partnerId: created.partner.id,
    appKey: created.appKey,
    devKey: created.devKey,
    devKeyId: created.partner.devKeyId,
    username: created.user.username,
    password: created.password,
  };
}

/** A partner client of the test server, logged in. */
export async function partnerSignedIn(t: TestServer, partner: PartnerAccount, fetchImpl?: FetchLike) {
  const client = new BillPartnerClient({
    baseUrl: t.baseUrl,
    appKey: partner.appKey,
    maxRetries: 0,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  await client.login({ username: partner.username, password: partner.password });
  return client;
}

export const ADDRESS = { line1: "1 Main St", city: "Springfield", zipOrPostalCode: "12345", country: "US" };

/** A client logged in as a new user with `role` in the account's organization (and its devKey). */
export async function signedInWithRole(t: TestServer, account: Account, role: RoleType) {
  const email = `${role.toLowerCase()}.${Math.random().toString(36).slice(2)}@example.com`;
  const password = "a long enough password";
  unwrap(await createUser(t.deps, { organizationId: account.organizationId, email, password, role }));
  const client = t.client(account.devKey);
  await client.sessions.login({ username: email, password, organizationId: account.organizationId });
  return client;
}
