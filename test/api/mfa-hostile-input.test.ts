import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/errors.ts";
import { type Account, startTestServer, type TestServer } from "../helpers/helpers.ts";
import { latestToken, mfaAccount, newPhone, signedIn, verifyPhone } from "../helpers/mfa-helpers.ts";

const STATUSES_BY_CODE = new Map<string, Set<number>>();
for (const { code, status } of Object.values(ERROR_CODES)) {
  STATUSES_BY_CODE.set(code, (STATUSES_BY_CODE.get(code) ?? new Set()).add(status));
}

/** A 200 with a JSON object, or BILL's error array with codes and statuses from the table; never a 5xx. */
function assertWellFormed(status: number, body: unknown) {
  expect(status, JSON.stringify(body)).toBeLessThan(500);
  if (status === 200) {
    expect(typeof body === "object" && body !== null && !Array.isArray(body)).toBe(true);
    return;
  }
  expect(Array.isArray(body), JSON.stringify(body)).toBe(true);
  for (const entry of body as Record<string, unknown>[]) {
    expect(STATUSES_BY_CODE.get(String(entry.code))?.has(status), `${entry.code} with ${status}`).toBe(true);
    expect(String(entry.message)).not.toContain("${");
  }
}

const jsonValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.string({ minLength: 1000, maxLength: 3000 }),
  fc.constant(""),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);

describe("MFA endpoints under hostile input (property-based)", () => {
  let t: TestServer;
  let account: Account;
  let sessionId: string;
  let phone: string;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestServer({ config: { mfaSendsPerMinute: 0 } });
    account = await mfaAccount(t);
    const client = await signedIn(t, account);
    sessionId = client.sessionId ?? "";
    phone = newPhone();
    await verifyPhone(t, client, phone);
    ids.push((await client.mfa.challenge()).challengeId);
  });
  afterAll(() => t.close());

  /** A field: absent, a plausible value, or anything at all. */
  const field = (...plausible: (() => unknown)[]) =>
    fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(...plausible).map((make) => make()),
      jsonValue,
    );

  const body = fc
    .record({
      phone: field(
        () => newPhone(),
        () => "+0123",
      ),
      type: field(
        () => "TEXT",
        () => "VOICE",
        () => "text",
      ),
      primary: field(
        () => true,
        () => false,
      ),
      setupId: field(
        () => "0ms01AAAAAAAAAAAAAAA",
        () => ids[0],
      ),
      challengeId: field(
        () => ids[0],
        () => "0mc01AAAAAAAAAAAAAAA",
      ),
      token: field(
        () => "123456",
        () => "12345",
      ),
      device: field(() => "laptop"),
      machineName: field(() => "mbp"),
      rememberMe: field(
        () => true,
        () => false,
      ),
      useBackup: field(
        () => false,
        () => true,
        () => "false",
        () => "true",
      ),
      rememberMeId: field(() => "x".repeat(43)),
    })
    .map((record) => JSON.stringify(record));

  const text = fc.oneof(
    { weight: 6, arbitrary: body },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ unit: "binary" }) },
    { weight: 1, arbitrary: fc.constant("") },
  );

  const paths = [
    "/v3/mfa/setup",
    "/v3/mfa/validate",
    "/v3/mfa/setup/validate",
    "/v3/mfa/challenge",
    "/v3/mfa/challenge/validate",
    "/v3/mfa/step-up",
  ];

  it("answers every generated POST with a success or a BILL error array", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        text,
        fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", ""),
        fc.constantFrom("right", "none", "wrong"),
        async (path, payload, type, auth) => {
          const headers: Record<string, string> = type ? { "Content-Type": type } : {};
          if (auth !== "none") {
            headers.devKey = account.devKey;
            headers.sessionId = auth === "right" ? sessionId : "wrong-session";
          }
          const res = await t
            .client(account.devKey)
            .rawRequest({ method: "POST", path, headers, body: payload });
          assertWellFormed(res.status, res.body);
        },
      ),
      { numRuns: 150 },
    );
    // The session and the phone still work afterwards.
    const client = t.client(account.devKey);
    client.useSession(sessionId, account.organizationId);
    expect((await client.mfa.phones()).results).toHaveLength(1);
    await client.mfa.runChallenge(() => latestToken(t, phone));
  });
});
