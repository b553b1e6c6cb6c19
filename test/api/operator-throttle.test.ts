/**
 * The per-IP budget of failed operator authentications: past it, every operator request from
 * that address is refused with BILL's "Login is locked." until the window ends, the right token
 * included; each failure and each refusal is audited, never with the token that was tried.
 */
import { afterEach, expect, it } from "vitest";
import { OperatorClient } from "../../client/src/index.ts";
import { describeEachBackend } from "../helpers/backends.ts";
import {
  captureLogs,
  codesOf,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";

const TOKEN = "operator-token-for-tests-0123456789";
const WRONG = ["a-wrong-guess-of-the-operator-token-0001", "a-wrong-guess-of-the-operator-token-0002"];

let t: TestServer;
afterEach(() => t?.close());

/** One operator API call with the given Authorization header (none when undefined). */
async function clock(authorization: string | undefined) {
  const res = await fetch(`${t.server.url}/operator/v1/clock`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() };
}

const auditOf = async (event: string) => {
  await t.server.runtime.auditLog.flush();
  return t.deps.stores.audit.list({ event });
};

describeEachBackend("operator authentication throttle", (backend) => {
  it("after N failures from one IP refuses every operator request, the right token too, until the window ends", async () => {
    const logs = captureLogs();
    t = await startTestServer({
      backend,
      logs,
      config: { operatorToken: TOKEN, operatorFailureLimit: 3, operatorFailureWindowSeconds: 600 },
    });
    expect((await clock(`Bearer ${TOKEN}`)).status).toBe(200);
    // A missing token and wrong ones count alike.
    for (const authorization of [undefined, `Bearer ${WRONG[0]}`, `Bearer ${WRONG[1]}`]) {
      const failed = await clock(authorization);
      expect(failed.status).toBe(401);
      expect(codesOf(failed.body)).toEqual(["BDC_9010"]);
      expect(failed.retryAfter).toBeNull();
    }
    const locked = await clock(`Bearer ${TOKEN}`);
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual([
      expect.objectContaining({ code: "BDC_1110", category: "DOWNSTREAM", message: "Login is locked." }),
    ]);
    expect(locked.retryAfter).toBe("600");
    // Also through the client, and for any operator path (an unknown one as well).
    await expect(
      new OperatorClient({ baseUrl: t.server.url, token: TOKEN }).organizations.list(),
    ).rejects.toMatchObject({ status: 401, code: "BDC_1110" });
    const unknown = await fetch(`${t.server.url}/operator/v1/nothing-here`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(unknown.status).toBe(401);

    t.clock.advance(599_000);
    expect(await clock(`Bearer ${TOKEN}`)).toMatchObject({ status: 401, retryAfter: "1" });
    t.clock.advance(1000);
    expect((await clock(`Bearer ${TOKEN}`)).status).toBe(200);

    // The BILL API of the same address is not affected by the operator's budget.
    const account = await provisionAccount(t.deps);
    expect((await postJson(t.client(account.devKey), "/v3/login", loginBody(account))).status).toBe(200);

    const failures = await auditOf("operator.auth.failure");
    // (All at one instant of the test clock: compared as a set.)
    expect(failures.map((record) => [record.code, record.ip, record.reason].join(" ")).sort()).toEqual([
      "BDC_9010 127.0.0.1 no-token",
      "BDC_9010 127.0.0.1 wrong-token",
      "BDC_9010 127.0.0.1 wrong-token",
    ]);
    const limited = await auditOf("operator.auth.limited");
    expect(limited).toHaveLength(4);
    for (const record of limited) expect(record).toMatchObject({ code: "BDC_1110", ip: "127.0.0.1" });
    const lines = logs.records().filter((record) => record.kind === "audit");
    expect(lines.filter((record) => record.event === "operator.auth.limited")[0]).toMatchObject({
      count: 3,
      limit: 3,
    });
    // Neither the guesses nor the right token are logged anywhere.
    const text = logs.lines.join("\n");
    for (const secret of [TOKEN, ...WRONG]) expect(text).not.toContain(secret);
  });

  it("does not give failures back on a success: the budget is per window, not consecutive", async () => {
    t = await startTestServer({
      backend,
      config: { operatorToken: TOKEN, operatorFailureLimit: 3, operatorFailureWindowSeconds: 600 },
    });
    await clock(`Bearer ${WRONG[0]}`);
    await clock(`Bearer ${WRONG[1]}`);
    expect((await clock(`Bearer ${TOKEN}`)).status).toBe(200);
    expect(codesOf((await clock(`Bearer ${WRONG[0]}`)).body)).toEqual(["BDC_9010"]);
    expect(codesOf((await clock(`Bearer ${TOKEN}`)).body)).toEqual(["BDC_1110"]);
  });
});

it("counts nothing with BILLET_OPERATOR_FAILURE_LIMIT=0", async () => {
  t = await startTestServer({ config: { operatorToken: TOKEN, operatorFailureLimit: 0 } });
  for (let i = 0; i < 30; i++) expect((await clock(`Bearer ${WRONG[0]}`)).status).toBe(401);
  expect((await clock(`Bearer ${TOKEN}`)).status).toBe(200);
  expect(await t.deps.stores.limits.peek("operator-failures:ip:127.0.0.1", t.clock.now())).toBeUndefined();
});

it("refuses by default after 20 failures in 15 minutes", async () => {
  t = await startTestServer({ config: { operatorToken: TOKEN } });
  for (let i = 0; i < 20; i++)
    expect(codesOf((await clock(`Bearer ${WRONG[0]}`)).body)).toEqual(["BDC_9010"]);
  expect(await clock(`Bearer ${TOKEN}`)).toMatchObject({ status: 401, retryAfter: "900" });
});
