/** Reads a parsed seed file value by value, collecting every problem with its JSON path. */
import type { ErrorItem } from "../../errors.ts";

export type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Collects problems while reading; each read returns a usable value even when it fails. */
export class Reader {
  readonly problems: ErrorItem[] = [];
  /** Stand-ins for values that are not objects: already reported, so their fields are not. */
  private readonly broken = new WeakSet<Json>();

  invalid(path: string, reason: string): void {
    this.problems.push({ key: "INVALID_VALUE", params: { paramName0: path, reason } });
  }

  object(value: unknown, path: string, allowed: readonly string[]): Json {
    if (!isObject(value)) {
      this.invalid(path, "must be an object");
      const standIn: Json = {};
      this.broken.add(standIn);
      return standIn;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.invalid(`${path}.${key}`, `unknown field (allowed: ${allowed.join(", ")})`);
    }
    return value;
  }

  array(parent: Json, key: string, path: string, required = false): unknown[] {
    const value = parent[key];
    if (this.broken.has(parent) || (value === undefined && !required)) return [];
    if (value === undefined) {
      this.problems.push({ key: "MISSING_PARAMETER", params: { paramName0: `${path}.${key}` } });
      return [];
    }
    if (!Array.isArray(value)) this.invalid(`${path}.${key}`, "must be an array");
    return Array.isArray(value) ? value : [];
  }

  string(parent: Json, key: string, path: string, rule: { required: boolean; test: RegExp; reason: string }) {
    const value = parent[key];
    if (this.broken.has(parent)) return undefined;
    // An empty string is a missing value where one is required, and a wrong one elsewhere.
    if (value === undefined || value === null || (value === "" && rule.required)) {
      if (rule.required)
        this.problems.push({ key: "MISSING_PARAMETER", params: { paramName0: `${path}.${key}` } });
      return undefined;
    }
    if (typeof value !== "string" || !rule.test.test(value)) {
      this.invalid(`${path}.${key}`, rule.reason);
      return undefined;
    }
    return value;
  }

  boolean(parent: Json, key: string, path: string, fallback: boolean): boolean {
    const value = parent[key];
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") this.invalid(`${path}.${key}`, "must be true or false");
    return typeof value === "boolean" ? value : fallback;
  }

  duplicate(seen: Map<string, string>, value: string | undefined, path: string, what: string): void {
    if (value === undefined) return;
    const first = seen.get(value);
    if (first !== undefined) this.invalid(path, `duplicate ${what} (also at ${first})`);
    else seen.set(value, path);
  }
}
