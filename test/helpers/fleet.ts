/**
 * Helpers for tests that run billet as real processes over PostgreSQL + Redis: the operator
 * API of one instance, sessions checked over plain HTTP, and Redis's count of leases.
 */
import type { Redis } from "ioredis";
import { expect } from "vitest";
import { keysUnder } from "./redis.ts";

export const OPERATOR_TOKEN = "fleet-operator-token-0123456789-abcdef";

/** Calls an instance's operator API; fails the test on anything but 200. */
export async function operator<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}/operator/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${OPERATOR_TOKEN}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBe(200);
  return JSON.parse(text) as T;
}

export interface FleetAccount {
  organizationId: string;
  userId: string;
  username: string;
  password: string;
  devKey: string;
  devKeyId: string;
}

let accounts = 0;

/** A new organization, user and devKey, made through one instance's operator API. */
export async function provisionThrough(url: string): Promise<FleetAccount> {
  accounts += 1;
  const stamp = `${Date.now()}-${accounts}`;
  const org = await operator<{ id: string }>(url, "POST", "/organizations", { name: `Fleet ${stamp}` });
  const username = `fleet${stamp}@example.com`;
  const password = `pw ${stamp} correct horse`;
  const user = await operator<{ id: string }>(url, "POST", "/users", {
    organizationId: org.id,
    email: username,
    password,
  });
  const key = await operator<{ id: string; key: string }>(url, "POST", "/devkeys", {
    name: `fleet ${stamp}`,
  });
  return { organizationId: org.id, userId: user.id, username, password, devKey: key.key, devKeyId: key.id };
}

export const loginBody = (account: FleetAccount, password = account.password) => ({
  username: account.username,
  password,
  organizationId: account.organizationId,
  devKey: account.devKey,
});

/** An HTTP answer: status and the BDC codes of an error body. */
export interface Answer {
  status: number;
  body: unknown;
  codes: string[];
}

async function answer(response: Response): Promise<Answer> {
  const body = (await response.json()) as unknown;
  const codes = Array.isArray(body) ? body.map((item: { code?: string }) => String(item.code)) : [];
  return { status: response.status, body, codes };
}

export async function login(url: string, body: ReturnType<typeof loginBody>): Promise<Answer> {
  return answer(
    await fetch(`${url}/connect/v3/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

/** Logs in and returns the session id; fails the test when refused. */
export async function sessionOn(url: string, account: FleetAccount): Promise<string> {
  const result = await login(url, loginBody(account));
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return String((result.body as { sessionId: string }).sessionId);
}

/** `GET /v3/login/session`, the cheapest authenticated call. */
export async function check(url: string, account: FleetAccount, sessionId: string): Promise<Answer> {
  return answer(
    await fetch(`${url}/connect/v3/login/session`, { headers: { devKey: account.devKey, sessionId } }),
  );
}

export async function logout(url: string, account: FleetAccount, sessionId: string): Promise<Answer> {
  return answer(
    await fetch(`${url}/connect/v3/logout`, {
      method: "POST",
      headers: { devKey: account.devKey, sessionId },
    }),
  );
}

/** Leases held now in every in-flight set under `prefix`. */
export async function leasesHeld(redis: Redis, prefix: string): Promise<number> {
  let total = 0;
  for (const key of await keysUnder(redis, `${prefix}f:`)) total += await redis.zcard(key);
  return total;
}

/** Polls `probe` (bounded) until it returns `expected`; fails with the last value otherwise. */
export async function becomes<T>(probe: () => Promise<T>, expected: T, what: string): Promise<void> {
  let last: T | undefined;
  for (let i = 0; i < 200; i++) {
    last = await probe();
    if (last === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: expected ${String(expected)}, still ${String(last)}`);
}
