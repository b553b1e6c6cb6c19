/**
 * Looks for secrets in what a server wrote: log files, an SQLite database (its file, -wal and
 * -shm byte for byte, and every text value of every table), and JSON read from the operator
 * API. Secrets are of two kinds:
 *  - long ones (passwords, session ids, devKeys, rememberMeIds, the operator token): found
 *    anywhere, as a substring, in raw bytes too;
 *  - MFA tokens (6 digits): found as a number of their own (no letter or digit on either
 *    side), in text values only, since raw bytes are full of digits. The outbox, where the
 *    spec delivers them, may hold them (the caller says which table that is).
 */
import { existsSync, readFileSync } from "node:fs";
import Sqlite from "better-sqlite3";

export interface Secrets {
  long: Set<string>;
  mfaTokens: Set<string>;
}

export interface Finding {
  where: string;
  kind: "long" | "mfa";
  /** The start of the secret only: a report must not become a leak of its own. */
  secret: string;
}

const MFA_TOKEN = /(?<![A-Za-z0-9])\d{6}(?![A-Za-z0-9])/g;

export function newSecrets(): Secrets {
  return { long: new Set(), mfaTokens: new Set() };
}

/**
 * Every long secret occurring in `text`. Windows of each secret length slide over the runs of
 * characters that secrets are made of, so the cost is linear in the text, not in the number
 * of secrets (a soak has tens of thousands of session ids).
 */
const shapes = new WeakMap<Set<string>, { size: number; lengths: Set<number>; alphabet: Set<string> }>();

/** The lengths and characters of the long secrets, computed once per set (and size). */
function shapeOf(long: Set<string>) {
  const known = shapes.get(long);
  if (known && known.size === long.size) return known;
  const lengths = new Set<number>();
  const alphabet = new Set<string>();
  for (const secret of long) {
    lengths.add(secret.length);
    for (const char of secret) alphabet.add(char);
  }
  const shape = { size: long.size, lengths, alphabet };
  shapes.set(long, shape);
  return shape;
}

function findLong(where: string, text: string, secrets: Secrets, found: Finding[]) {
  if (secrets.long.size === 0) return;
  const { lengths, alphabet } = shapeOf(secrets.long);
  const shortest = Math.min(...lengths);
  let start = 0;
  const flush = (end: number) => {
    if (end - start < shortest) return;
    for (const length of lengths) {
      for (let i = start; i + length <= end; i++) {
        const window = text.slice(i, i + length);
        if (secrets.long.has(window)) found.push({ where, kind: "long", secret: `${window.slice(0, 4)}…` });
      }
    }
  };
  for (let i = 0; i < text.length; i++) {
    if (!alphabet.has(text[i]!)) {
      flush(i);
      start = i + 1;
    }
  }
  flush(text.length);
}

/** Long secrets and MFA tokens in a text (a log, a value, a JSON document). */
export function scanText(
  where: string,
  text: string,
  secrets: Secrets,
  options: { mfaAllowed?: boolean } = {},
): Finding[] {
  const found: Finding[] = [];
  findLong(where, text, secrets, found);
  if (!options.mfaAllowed && secrets.mfaTokens.size > 0) {
    for (const match of text.matchAll(MFA_TOKEN)) {
      if (secrets.mfaTokens.has(match[0]))
        found.push({ where, kind: "mfa", secret: `${match[0].slice(0, 2)}…` });
    }
  }
  return found;
}

/** Long secrets in a file's raw bytes (read as latin1, so that any byte sequence is text). */
export function scanFile(path: string, secrets: Secrets): Finding[] {
  if (!existsSync(path)) return [];
  return scanText(path, readFileSync(path).toString("latin1"), secrets, { mfaAllowed: true });
}

/**
 * An SQLite database: its files byte for byte (long secrets), then every text or blob value
 * of every table (both kinds; MFA tokens allowed in `mfaTable` only). Opened read-only on
 * the files as they are, so that a copy taken from a running server can be scanned as is.
 */
export function scanDatabase(path: string, secrets: Secrets, mfaTable = "outbox"): Finding[] {
  const found: Finding[] = [];
  for (const suffix of ["", "-wal", "-shm"]) found.push(...scanFile(`${path}${suffix}`, secrets));
  const db = new Sqlite(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => (row as { name: string }).name);
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).iterate()) {
        for (const [column, value] of Object.entries(row as Record<string, unknown>)) {
          const text =
            typeof value === "string" ? value : Buffer.isBuffer(value) ? value.toString("latin1") : undefined;
          if (text === undefined) continue;
          found.push(...scanText(`${table}.${column}`, text, secrets, { mfaAllowed: table === mfaTable }));
        }
      }
    }
  } finally {
    db.close();
  }
  return found;
}

/** Findings grouped for an assertion message: where → count. */
export function summarize(findings: readonly Finding[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const f of findings) summary[`${f.where} (${f.kind})`] = (summary[`${f.where} (${f.kind})`] ?? 0) + 1;
  return summary;
}
