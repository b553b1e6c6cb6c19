import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BillPartnerClient } from "../client/src/index.ts";
import { createMember } from "../src/auth/accounts/members.ts";
import { createDevKey, createOrganization } from "../src/auth/accounts/provisioning.ts";
import { login } from "../src/auth/sessions/login.ts";
import { loadConfig } from "../src/config.ts";
import { openRuntime } from "../src/runtime.ts";
import { startTestServer, unwrap } from "../test/helpers/helpers.ts";
import { cliFor, json, tempFolder } from "./test-support.ts";

interface CreatedPartner {
  id: string;
  name: string;
  appKey: string;
  devKey: string;
  devKeyId: string;
  userId: string;
  username: string;
  password: string;
}

const FAST = { memoryKib: 1024, iterations: 1, parallelism: 1 };

describe("billet partner and accept-invitation", { timeout: 60_000 }, () => {
  it("creates a partner whose printed credentials work against the server, once", async () => {
    const folder = tempFolder();
    const cli = cliFor(join(folder, "billet.db"));
    const created = await json<CreatedPartner>(cli("partner", "create", "--name", "Acme Partners", "--json"));
    expect(created).toEqual({
      id: expect.stringMatching(/^0pa01[0-9A-Za-z]{15}$/),
      name: "Acme Partners",
      appKey: expect.stringMatching(/^[\w-]{43}$/),
      devKey: expect.stringMatching(/^[\w-]{43}$/),
      devKeyId: expect.stringMatching(/^0dk01/),
      userId: expect.stringMatching(/^0pu01/),
      username: "acme-partners-admin",
      password: expect.stringMatching(/^[\w-]{24}$/),
    });
    const human = await cli("partner", "create", "--name", "Beta", "--username", "Boss@Beta.test");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^partner: {2}0pa01\w{15} \(Beta\)\nappKey: {3}\S+\ndevKey: {3}\S+ \(0dk01\w{15}\)\nusername: boss@beta\.test\npassword: \S+\n$/,
    );
    expect(human.stderr).toContain("not shown again");

    const list = await cli("partner", "list", "--json");
    expect(
      JSON.parse(list.stdout).map((p: { name: string; usernames: string[] }) => [p.name, p.usernames]),
    ).toEqual([
      ["Acme Partners", ["acme-partners-admin"]],
      ["Beta", ["boss@beta.test"]],
    ]);
    for (const secret of [created.appKey, created.devKey, created.password])
      expect(list.stdout).not.toContain(secret);

    const t = await startTestServer({ dir: folder });
    try {
      const partner = new BillPartnerClient({ baseUrl: t.baseUrl, appKey: created.appKey });
      await partner.login({ username: created.username, password: created.password });
      const address = { line1: "1 Main St", city: "Springfield", zipOrPostalCode: "1", country: "US" };
      const organization = await partner.organizations.create({ name: "Client Co", address });
      const user = await partner
        .users(organization.id)
        .create({ firstName: "Ann", email: "ann@client.test", acceptTermsOfService: true });
      const asUser = await partner.userClient({
        userId: user.id,
        organizationId: organization.id,
        devKey: created.devKey,
      });
      expect((await asUser.sessions.details()).userId).toBe(user.id);
    } finally {
      await t.close({ keepFiles: true });
    }
    const bad = await cli("partner", "create", "--name", "X", "--username", "has space");
    expect(bad).toMatchObject({
      code: 1,
      stderr: "billet: a username is 1-100 printable characters without spaces\n",
    });
  });

  it("completes an invitation with accept-invitation; the token works once and is never echoed", async () => {
    const database = join(tempFolder(), "billet.db");
    const config = loadConfig({}, { databaseUrl: database, logLevel: "silent", argon2: FAST });
    const runtime = await openRuntime(config);
    const organization = unwrap(await createOrganization(runtime.deps, { name: "Acme" }));
    const devKey = unwrap(await createDevKey(runtime.deps, { name: "k" }));
    const member = unwrap(
      await createMember(
        runtime.deps,
        { organizationId: organization.id },
        { firstName: "Ann", email: "ann@acme.test" },
      ),
    );
    const [message] = await runtime.deps.stores.outbox.list({ recipient: "ann@acme.test" });
    await runtime.close();
    const token = /valid for 7 days: (\S+)/.exec(message?.text ?? "")?.[1] ?? "";

    const cli = cliFor(database);
    const done = await json(
      cli("user", "accept-invitation", "--token", token, "--password", "ann-password", "--json"),
    );
    expect(done).toEqual({ userId: member.userId, organizationId: organization.id, passwordSet: true });
    const again = await cli("user", "accept-invitation", "--token", token, "--password", "other");
    expect(again).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "billet: the invitation token is unknown, expired or already used\n",
    });

    const check = await openRuntime(config);
    try {
      const result = await login(check.deps, {
        username: "ann@acme.test",
        password: "ann-password",
        organizationId: organization.id,
        devKey: devKey.key,
      });
      expect(result.ok).toBe(true);
    } finally {
      await check.close();
    }
  });
});
