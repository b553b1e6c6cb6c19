import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganization, createUser } from "../src/auth/provisioning.ts";
import { rememberDevice, verifyRememberedDevice } from "../src/auth/remembered-devices.ts";
import { loadConfig } from "../src/config.ts";
import { openRuntime, type Runtime } from "../src/runtime.ts";
import { cliFor, json, tempDatabase } from "./test-support.ts";

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
