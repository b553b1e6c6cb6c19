/**
 * The secret scanner of the soak (test/resilience/secret-scan.ts) can fail: it finds each kind
 * of secret in each kind of place it is written to, and keeps MFA tokens apart from digits
 * that merely look like them. The soak itself runs with `npm run test:resilience`.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { newSecrets, scanDatabase, scanFile, scanText, summarize } from "./resilience/secret-scan.ts";

const dir = mkdtempSync(join(tmpdir(), "billet-scan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sessionId = randomBytes(32).toString("base64url");
const password = `a-password-${randomBytes(16).toString("base64url")}`;
const secrets = newSecrets();
secrets.long.add(sessionId);
secrets.long.add(password);
secrets.mfaTokens.add("482913");

describe("secret scan", () => {
  it("finds long secrets inside longer text, and MFA tokens only as numbers of their own", () => {
    expect(summarize(scanText("t", `{"a":"xx${sessionId}yy"}`, secrets))).toEqual({ "t (long)": 1 });
    expect(summarize(scanText("t", `code is 482913.`, secrets))).toEqual({ "t (mfa)": 1 });
    // Digits that are part of a longer number or an id are not a token.
    expect(scanText("t", `"time":1764482913000,"id":"00801482913abc","reqId":"a482913b"`, secrets)).toEqual(
      [],
    );
    expect(scanText("t", "code is 482913.", secrets, { mfaAllowed: true })).toEqual([]);
    expect(scanText("t", "nothing to see", secrets)).toEqual([]);
  });

  it("finds secrets in a log file and in an SQLite database: its bytes, its WAL and its values", () => {
    const log = join(dir, "server.log");
    writeFileSync(log, `{"msg":"request"}\n{"msg":"oops","body":"${password}"}\n`);
    expect(summarize(scanFile(log, secrets))).toEqual({ [`${log} (long)`]: 1 });

    const path = join(dir, "scan.db");
    const db = new Sqlite(path);
    db.pragma("journal_mode = WAL");
    db.pragma("wal_autocheckpoint = 0");
    db.exec("CREATE TABLE outbox (text TEXT); CREATE TABLE users (name TEXT, data BLOB)");
    db.prepare("INSERT INTO outbox VALUES (?)").run("Your code is 482913.");
    expect(summarize(scanDatabase(path, secrets))).toEqual({});
    // Written now, so only in the WAL until a checkpoint.
    db.prepare("INSERT INTO users VALUES (?, ?)").run(`code 482913`, Buffer.from(`s=${sessionId}`));
    const found = summarize(scanDatabase(path, secrets));
    expect(found[`${path}-wal (long)`]).toBe(1);
    expect(found["users.data (long)"]).toBe(1);
    expect(found["users.name (mfa)"]).toBe(1);
    expect(found["outbox.text (mfa)"]).toBeUndefined();
    db.close();
  });
});
