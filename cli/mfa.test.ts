import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganization, createUser } from "../src/auth/accounts/provisioning.ts";
import { rememberDevice, verifyRememberedDevice } from "../src/auth/mfa/remembered-devices.ts";
import { loadConfig } from "../src/config.ts";
import { openRuntime, type Runtime } from "../src/runtime.ts";
import { cliFor, json, login, startServe, tempDatabase, tempFolder } from "./test-support.ts";

const unwrap = <T>(result: { ok: true; value: T } | { ok: false }): T => {
  if (!result.ok) throw new Error("provisioning failed");
  return result.value;
};

describe("billet mfa", { timeout: 90_000 }, () => {
  const database = tempDatabase();
  const cli = cliFor(database);
  let runtime: Runtime;
  let userId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    runtime = await openRuntime(loadConfig({}, { databaseUrl: database, logLevel: "silent" }));
    const deps = runtime.deps;
    const org = unwrap(await createOrganization(deps, { name: "Acme", mfaRequired: true }));
    ({ userId } = unwrap(await createUser(deps, { organizationId: org.id, email: "ann@acme.test" })));
    for (const device of ["laptop", "phone", "laptop"]) {
      const made = await rememberDevice(deps, { userId, device, machineName: `${device}-1` });
      ids[`${device}:${made.record.id}`] = made.rememberMeId;
    }
    await deps.stores.mfa.savePhone({
      userId,
      phone: "+15551239876",
      type: "TEXT",
      verifiedAt: deps.clock.now(),
    });
  });
  afterAll(() => runtime.close());

  const stillValid = async (device: string) => {
    const results = [];
    for (const [key, rememberMeId] of Object.entries(ids)) {
      if (!key.startsWith(`${device}:`)) continue;
      results.push((await verifyRememberedDevice(runtime.deps, { userId, rememberMeId, device })).ok);
    }
    return results;
  };

  it("lists the verified phone (masked) and the remembered devices, never a rememberMeId", async () => {
    const [human, machine] = await Promise.all([
      cli("mfa", "devices", "--user", userId),
      json<{ phone: unknown; devices: { ref: string; device: string }[] }>(
        cli("mfa", "devices", "--user", userId, "--json"),
      ),
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^Verified phone: \+1\*{6}9876 \(TEXT\)\nREF\s+DEVICE\s+MACHINE\s+CREATED\s+EXPIRES\n/,
    );
    expect(human.stdout.match(/^0rd01/gm)).toHaveLength(3);
    expect(machine.phone).toEqual({ phone: "+1******9876", type: "TEXT", verifiedTime: expect.any(String) });
    expect(machine.devices).toEqual(
      Object.keys(ids).map(() => ({
        ref: expect.stringMatching(/^0rd01/),
        device: expect.any(String),
        machineName: expect.stringMatching(/-1$/),
        createdTime: expect.any(String),
        expiresTime: expect.any(String),
      })),
    );
    for (const secret of Object.values(ids)) {
      expect(human.stdout).not.toContain(secret);
      expect(JSON.stringify(machine)).not.toContain(secret);
    }
  });

  it("forgets by device name, by reference or all, and the rememberMeIds stop working", async () => {
    const byName = await cli("mfa", "forget", "--user", userId, "--device", "laptop");
    expect(byName).toMatchObject({ code: 0, stdout: `Forgot 2 remembered device(s) of ${userId}.\n` });
    expect(await stillValid("laptop")).toEqual([false, false]);
    expect(await stillValid("phone")).toEqual([true]);

    const phoneRef =
      Object.keys(ids)
        .find((key) => key.startsWith("phone:"))
        ?.slice(6) ?? "";
    const [byRef, again, none, twoTargets, badRef, unknownUser] = await Promise.all([
      json(cli("mfa", "forget", "--user", userId, "--ref", phoneRef, "--json")),
      cli("mfa", "forget", "--user", userId, "--device", "laptop"),
      cli("mfa", "forget", "--user", userId),
      cli("mfa", "forget", "--user", userId, "--all", "--device", "x"),
      cli("mfa", "forget", "--user", userId, "--ref", "nonsense"),
      cli("mfa", "devices", "--user", "00601AAAAAAAAAAAAAAA"),
    ]);
    expect(byRef).toEqual({ userId, forgotten: 1 });
    expect(await stillValid("phone")).toEqual([false]);
    expect(again).toMatchObject({
      code: 1,
      stderr: `billet: no remembered device laptop for user ${userId}\n`,
    });
    expect(none).toMatchObject({ code: 1, stderr: "billet: give exactly one of --device, --ref or --all\n" });
    expect(twoTargets.code).toBe(1);
    expect(badRef).toMatchObject({
      code: 1,
      stderr: "billet: not a remembered device reference (0rd…): nonsense\n",
    });
    expect(unknownUser).toMatchObject({ code: 1, stderr: "billet: unknown user: 00601AAAAAAAAAAAAAAA\n" });
    expect(await json(cli("mfa", "forget", "--user", userId, "--all", "--json"))).toEqual({
      userId,
      forgotten: 0,
    });
  });

  it("resets a lost phone", async () => {
    const reset = await cli("mfa", "reset-phone", "--user", userId);
    expect(reset).toMatchObject({ code: 0, stdout: `Forgot the verified phone of ${userId}.\n` });
    expect(await runtime.deps.stores.mfa.findPhone(userId)).toBeUndefined();
    expect(await json(cli("mfa", "reset-phone", "--user", userId, "--json"))).toEqual({
      userId,
      reset: false,
    });
    expect((await cli("mfa", "devices", "--user", userId)).stdout).toBe(
      "No verified phone.\nNo remembered devices.\n",
    );
  });
});

describe("billet mfa clear-failures", { timeout: 90_000 }, () => {
  it("clears a running server's count of wrong MFA tokens through its operator API", async () => {
    const folder = tempFolder();
    const database = join(folder, "billet.db");
    const served = await startServe(["--database", database], { env: { BILLET_MFA_FAILURE_LIMIT: "1" } });
    const demo = JSON.parse(readFileSync(join(folder, "demo-credentials.json"), "utf8"));
    const session = await login(served.url, demo);
    const sessionId = String(session.body.sessionId);
    const userId = String(session.body.userId);
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${served.url}/connect${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", devKey: demo.devKey, sessionId },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const setup = await post("/v3/mfa/setup", { phone: "+15557654321", type: "TEXT" });
    expect(setup.status).toBe(200);
    const wrong = await post("/v3/mfa/setup/validate", {
      setupId: setup.body.setupId,
      type: "TEXT",
      token: "000000",
    });
    // (one time in a million the wrong guess is the right one)
    expect([400, 200]).toContain(wrong.status);
    if (wrong.status === 200) return;
    expect((await post("/v3/mfa/setup", { phone: "+15557654321", type: "TEXT" })).status).toBe(422);

    const billet = cliFor(database);
    const cleared = await json<{ cleared: boolean; count: number }>(
      billet("mfa", "clear-failures", "--user", userId, "--url", served.url, "--json"),
    );
    expect(cleared).toEqual({ userId, cleared: true, count: 1 });
    expect((await post("/v3/mfa/setup", { phone: "+15557654321", type: "TEXT" })).status).toBe(200);
    const again = await billet("mfa", "clear-failures", "--user", userId, "--url", served.url);
    expect(again).toMatchObject({ code: 0, stdout: `${userId} has no wrong MFA tokens to clear.\n` });
    const unknown = await billet(
      "mfa",
      "clear-failures",
      "--user",
      "00601AAAAAAAAAAAAAAA",
      "--url",
      served.url,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^billet: the server answered: .*BDC_9005/);
  });
});
