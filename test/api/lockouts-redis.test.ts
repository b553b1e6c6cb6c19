/**
 * A Redis that comes back empty forgets every counter it held. With
 * BILLET_LOCKOUTS_IN_DATABASE the lockouts are not among them: they live in PostgreSQL, and a
 * locked username (or an operator's address over its failure budget) stays locked. Without
 * the setting, the same loss unlocks them. The loss is played by deleting this test's own keys
 * (a private prefix) from the shared Redis, never anything else.
 */
import { afterAll, afterEach, expect, it } from "vitest";
import {
  type Account,
  codesOf,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import {
  adminRedis,
  describeRedis,
  dropRedisKeys,
  keysUnder,
  REDIS_URL,
  testRedisPrefix,
} from "../helpers/redis.ts";

const TOKEN = "operator-token-for-tests-0123456789";

let t: TestServer | undefined;
const prefixes: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(() => dropRedisKeys(prefixes.splice(0)));

/** Deletes every key of this server's prefix: what a Redis restarted without its data has. */
async function emptyRedis(prefix: string): Promise<void> {
  const redis = adminRedis();
  try {
    const keys = await keysUnder(redis, prefix);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    expect(await keysUnder(redis, prefix)).toEqual([]);
  } finally {
    redis.disconnect();
  }
}

describeRedis("lockouts when Redis comes back empty", () => {
  for (const lockoutsInDatabase of [true, false]) {
    const title = lockoutsInDatabase
      ? "with BILLET_LOCKOUTS_IN_DATABASE, a locked username and operator address stay locked"
      : "without BILLET_LOCKOUTS_IN_DATABASE, the same loss unlocks them";
    it(title, async () => {
      const prefix = testRedisPrefix();
      prefixes.push(prefix);
      t = await startTestServer({
        backend: "postgres",
        config: {
          redisUrl: REDIS_URL ?? null,
          redisKeyPrefix: prefix,
          lockoutsInDatabase,
          operatorToken: TOKEN,
          operatorFailureLimit: 2,
        },
      });
      const server = t;
      const account: Account = await provisionAccount(server.deps);
      const login = (password = account.password) =>
        postJson(server.client(account.devKey), "/v3/login", { ...loginBody(account), password });
      const operatorClock = async (token: string) =>
        (
          await fetch(`${server.server.url}/operator/v1/clock`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json();

      for (let i = 0; i < 10; i++) expect(codesOf((await login(`wrong ${i}`)).body)).toEqual(["BDC_1101"]);
      expect(codesOf((await login()).body)).toEqual(["BDC_1110"]);
      for (let i = 0; i < 2; i++)
        expect(codesOf(await operatorClock(`${TOKEN}-wrong`))).toEqual(["BDC_9010"]);
      expect(codesOf(await operatorClock(TOKEN))).toEqual(["BDC_1110"]);

      await emptyRedis(prefix);

      if (lockoutsInDatabase) {
        expect(codesOf((await login()).body)).toEqual(["BDC_1110"]);
        expect(codesOf(await operatorClock(TOKEN))).toEqual(["BDC_1110"]);
        // They still end when their time is up.
        server.clock.advance(15 * 60_000);
        expect((await login()).status).toBe(200);
        expect(await operatorClock(TOKEN)).toMatchObject({ epochMs: server.clock.now() });
      } else {
        expect((await login()).status).toBe(200);
        expect(await operatorClock(TOKEN)).toMatchObject({ epochMs: server.clock.now() });
      }
    });
  }
});
