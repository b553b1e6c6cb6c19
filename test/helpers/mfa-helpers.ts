/**
 * Helpers for the MFA API tests: read a delivered token from the outbox store (as a developer
 * would with `billet outbox`), and bring a user to a verified phone or a trusted session.
 */
import { expect } from "vitest";
import type { BillClient } from "../../client/src/index.ts";
import { setOrganizationMfaRequired } from "../../src/auth/accounts/provisioning.ts";
import { type Account, loginBody, provisionAccount, type TestServer, unwrap } from "./helpers.ts";

let phones = 0;

/** A fresh E.164 number per call, so that outbox look-ups by recipient never mix tests. */
export const newPhone = (): string => `+1555${String(1_000_000 + (phones++ % 8_999_999)).padStart(7, "0")}`;

/** The token of the newest outbox message to `recipient`. */
export async function latestToken(t: TestServer, recipient: string): Promise<string> {
  const [message] = await t.deps.stores.outbox.list({ recipient, limit: 1 });
  const token = /\b(\d{6})\b/.exec(message?.text ?? "")?.[1];
  if (!token) throw new Error(`no token in the outbox for ${recipient}`);
  return token;
}

/** An account whose organization requires MFA (or not). */
export async function mfaAccount(t: TestServer, options: { mfaRequired?: boolean } = {}): Promise<Account> {
  const account = await provisionAccount(t.deps);
  if (options.mfaRequired ?? true)
    unwrap(await setOrganizationMfaRequired(t.deps, account.organizationId, true));
  return account;
}

/** A client logged in as the account. */
export async function signedIn(
  t: TestServer,
  account: Account,
  extra: Record<string, string> = {},
): Promise<BillClient> {
  const client = t.client(account.devKey);
  await client.sessions.login({ ...loginBody(account), ...extra });
  return client;
}

/** Sets up and verifies `phone` for the signed-in user, reading the token from the outbox. */
export async function verifyPhone(
  t: TestServer,
  client: BillClient,
  phone: string,
  type: "TEXT" | "VOICE" = "TEXT",
) {
  const { setupId } = await client.mfa.setup({ phone, type });
  expect(await client.mfa.validateSetup({ setupId, type, token: await latestToken(t, phone) })).toEqual({
    status: "SUCCESS",
  });
}

/** Runs the challenge flow through the client, reading the token from the outbox. */
export function passChallenge(
  t: TestServer,
  client: BillClient,
  phone: string,
  options: { rememberMe?: boolean; device?: string } = {},
) {
  return client.mfa.runChallenge(() => latestToken(t, phone), options);
}
