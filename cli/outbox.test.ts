import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openRuntime, type Runtime } from "../src/runtime.ts";
import type { OutboxMessage } from "../src/stores/types/operator.ts";
import { cliFor, json, tempDatabase } from "./test-support.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);

const message = (id: string, recipient: string, text: string, createdAt: number): OutboxMessage => ({
  id,
  channel: recipient.startsWith("+") ? "TEXT" : "EMAIL",
  recipient,
  purpose: recipient.startsWith("+") ? "mfa-challenge" : "invitation",
  text,
  userId: "00601AAAAAAAAAAAAAAA",
  organizationId: "00801AAAAAAAAAAAAAAA",
  createdAt,
});

describe("billet outbox", { timeout: 90_000 }, () => {
  const database = tempDatabase();
  const cli = cliFor(database);
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await openRuntime(loadConfig({}, { databaseUrl: database, logLevel: "silent" }));
  });
  afterAll(() => runtime.close());

  it("says so when there is nothing, and --last fails loudly for scripts", async () => {
    const [list, last, code] = await Promise.all([
      cli("outbox"),
      cli("outbox", "--last"),
      cli("outbox", "--code", "--to", "+15550000001"),
    ]);
    expect(list).toMatchObject({ code: 0, stdout: "No messages.\n" });
    expect(last).toMatchObject({ code: 1, stdout: "", stderr: "billet: no message in the outbox\n" });
    expect(code).toMatchObject({ code: 1, stderr: "billet: no message in the outbox to +15550000001\n" });
  });

  it("lists messages oldest first, filters by recipient, and reads the newest code", async () => {
    const { outbox } = runtime.deps.stores;
    await outbox.append(
      message(
        "0ob01AAAAAAAAAAAAAAA",
        "+15550000001",
        "Your 2-Step Verification code is 012345. It expires in 10 minutes.",
        T0,
      ),
    );
    await outbox.append(message("0ob01BBBBBBBBBBBBBBB", "ann@acme.test", "You are invited.", T0 + 1000));
    await outbox.append(
      message(
        "0ob01CCCCCCCCCCCCCCC",
        "+15550000001",
        "Your 2-Step Verification code is 987654. It expires in 10 minutes.",
        T0 + 2000,
      ),
    );

    const [list, filtered, last, code, codeJson] = await Promise.all([
      cli("outbox"),
      json<{ id: string }[]>(cli("outbox", "--to", "+15550000001", "--json")),
      cli("outbox", "--to", "+15550000001", "--last"),
      cli("outbox", "--to", "+15550000001", "--code"),
      json(cli("outbox", "--code", "--json", "--to", "+15550000001")),
    ]);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TIME\s+CHANNEL\s+TO\s+PURPOSE\s+TEXT$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[2])).toEqual([
      "+15550000001",
      "ann@acme.test",
      "+15550000001",
    ]);
    expect(lines[1]).toContain("2026-11-29 10:00:00Z  TEXT");
    expect(filtered.map((m) => m.id)).toEqual(["0ob01AAAAAAAAAAAAAAA", "0ob01CCCCCCCCCCCCCCC"]);
    expect(last.stdout).toBe(
      "2026-11-29 10:00:02Z  TEXT  +15550000001  mfa-challenge\nYour 2-Step Verification code is 987654. It expires in 10 minutes.\n",
    );
    expect(code).toMatchObject({ code: 0, stdout: "987654\n", stderr: "" });
    expect(codeJson).toEqual({
      code: "987654",
      message: {
        id: "0ob01CCCCCCCCCCCCCCC",
        channel: "TEXT",
        recipient: "+15550000001",
        purpose: "mfa-challenge",
        text: expect.stringContaining("987654"),
        userId: "00601AAAAAAAAAAAAAAA",
        organizationId: "00801AAAAAAAAAAAAAAA",
        createdTime: "2026-11-29T10:00:02.000+00:00",
      },
    });

    const [limited, noCode, badLimit] = await Promise.all([
      json<{ id: string }[]>(cli("outbox", "--limit", "2", "--json")),
      cli("outbox", "--to", "ann@acme.test", "--code"),
      cli("outbox", "--limit", "0"),
    ]);
    expect(limited.map((m) => m.id)).toEqual(["0ob01BBBBBBBBBBBBBBB", "0ob01CCCCCCCCCCCCCCC"]);
    expect(noCode).toMatchObject({
      code: 1,
      stderr: "billet: the newest message (invitation) carries no code\n",
    });
    expect(badLimit.code).toBe(2);
  });
});
