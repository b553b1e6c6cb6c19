import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { expect } from "vitest";
import { BillApiError, BillClient, type BillClientOptions } from "../../client/src/index.ts";
import { createDevKey, createOrganization, createUser } from "../../src/auth/accounts/provisioning.ts";
import type { AuthDeps } from "../../src/auth/context.ts";
import type { Hasher } from "../../src/auth/crypto/passwords.ts";
import { createSettableClock, type SettableClock } from "../../src/clock.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import type { RoleType } from "../../src/stores/types/organizations.ts";
import type { V2Entity } from "../../src/v2/entity.ts";
import { type Backend, dropDatabase, newDatabase } from "./backends.ts";

/** Cheap argon2id parameters for tests; the OWASP defaults are tested on their own. */
export const FAST_ARGON2 = { memoryKib: 1024, iterations: 1, parallelism: 1 } as const;

/** Collects the JSON log lines a server writes. */
export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { stream, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Every answer failed closed: 500 `BDC_1001`, never an answer from stale state. */
export function expectFailedClosed(responses: readonly { status: number; body: unknown }[]): void {
  for (const response of responses) {
    expect(response.status).toBe(500);
    expect(codesOf(response.body)).toEqual(["BDC_1001"]);
  }
}

/** At least `count` unexpected failures were logged, each with its request id, and no secret. */
export function expectFailuresLoggedSafely(
  logs: ReturnType<typeof captureLogs>,
  count: number,
  secrets: readonly string[],
): void {
  const failures = logs.records().filter((record) => record.msg === "unexpected failure");
  expect(failures.length).toBeGreaterThanOrEqual(count);
  for (const failure of failures) expect(failure.reqId).toEqual(expect.any(String));
  const text = logs.lines.join("\n");
  for (const secret of secrets) expect(text).not.toContain(secret);
}

export interface TestServerOptions {
  config?: Partial<Config>;
  clock?: SettableClock;
  hasher?: Hasher;
  /** Reuse a database folder (restart tests); a fresh temp folder otherwise. */
  dir?: string;
  /** Where the data lives: a temp SQLite file (default) or a fresh PostgreSQL schema. */
  backend?: Backend;
  /** Reuse a database (a restart on PostgreSQL): an earlier server's `databasePath`. */
  database?: string;
  logs?: ReturnType<typeof captureLogs>;
  /** The entities v2's List and Crud serve (a test's own mapping); BILL's twelve when absent. */
  v2Entities?: readonly V2Entity[];
}

export interface TestServer {
  server: RunningServer;
  deps: AuthDeps;
  clock: SettableClock;
  config: Config;
  /** `http://127.0.0.1:PORT/connect`, the client's base URL. */
  baseUrl: string;
  dir: string;
  backend: Backend;
  /** The SQLite file, or the PostgreSQL URL with its test schema. */
  databasePath: string;
  /** A client bound to this server; re-login is off unless asked for, so tests see BDC_1109. */
  client(devKey: string, options?: Partial<BillClientOptions>): BillClient;
  close(options?: { keepFiles?: boolean }): Promise<void>;
}

/**
 * Starts a real server on an ephemeral port over a temp SQLite file (or a fresh PostgreSQL
 * schema) and a settable clock.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "billet-test-"));
  const backend = options.backend ?? "sqlite";
  const databasePath = options.database ?? newDatabase(backend, dir);
  const config = loadConfig(
    {},
    {
      port: 0,
      host: "127.0.0.1",
      databaseUrl: databasePath,
      logLevel: options.logs ? "info" : "silent",
      argon2: FAST_ARGON2,
      ...options.config,
    },
  );
  const clock = options.clock ?? createSettableClock(Date.UTC(2026, 10, 29, 10, 0, 0));
  const server = await startServer(config, {
    clock,
    ...(options.hasher ? { hasher: options.hasher } : {}),
    ...(options.logs ? { logStream: options.logs.stream } : {}),
    ...(options.v2Entities ? { v2Entities: options.v2Entities } : {}),
  });
  const baseUrl = `${server.url}/connect`;
  return {
    server,
    deps: server.runtime.deps,
    clock,
    config,
    baseUrl,
    dir,
    backend,
    databasePath,
    client: (devKey, clientOptions = {}) =>
      new BillClient({ baseUrl, devKey, relogin: false, maxRetries: 0, ...clientOptions }),
    async close({ keepFiles = false } = {}) {
      await server.close();
      if (!keepFiles) {
        rmSync(dir, { recursive: true, force: true });
        await dropDatabase(databasePath);
      }
    },
  };
}

export interface Account {
  organizationId: string;
  userId: string;
  username: string;
  password: string;
  devKey: string;
  devKeyId: string;
}

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; errors: readonly unknown[] }): T => {
  if (!result.ok) throw new Error(`provisioning failed: ${JSON.stringify(result.errors)}`);
  return result.value;
};

let accounts = 0;

/** An organization, a user with a password in it, and a developer key. */
export async function provisionAccount(
  deps: AuthDeps,
  options: { role?: RoleType; password?: string; organizationName?: string } = {},
): Promise<Account> {
  accounts += 1;
  const organization = unwrap(
    await createOrganization(deps, { name: options.organizationName ?? `Org ${accounts}` }),
  );
  const username = `user${accounts}.${Date.now()}@example.com`;
  const password = options.password ?? `pw-${accounts}-correct horse`;
  const user = unwrap(
    await createUser(deps, {
      organizationId: organization.id,
      email: username,
      password,
      role: options.role ?? "ADMINISTRATOR",
    }),
  );
  const devKey = unwrap(await createDevKey(deps, { name: `key ${accounts}` }));
  return {
    organizationId: organization.id,
    userId: user.userId,
    username,
    password,
    devKey: devKey.key,
    devKeyId: devKey.id,
  };
}

/** The login body of an account (devKey included), for raw requests. */
export const loginBody = (account: Account) => ({
  username: account.username,
  password: account.password,
  organizationId: account.organizationId,
  devKey: account.devKey,
});

export { unwrap };

/** The error a call rejected with; fails the test when it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<BillApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BillApiError) return error;
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Sends a JSON body (any value) to a path with the given extra headers, through the client. */
export function postJson(
  client: Pick<BillClient, "rawRequest">,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return client.rawRequest({
    method: "POST",
    path,
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The BDC codes of an error array body. */
export const codesOf = (body: unknown): string[] =>
  Array.isArray(body) ? body.map((entry: { code?: string }) => String(entry.code)) : [];
