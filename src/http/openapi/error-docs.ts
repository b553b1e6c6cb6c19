/**
 * The documented error answers: each status lists the BDC codes a route may answer with, and
 * their messages as BILL writes them. A message's `${paramName0}` placeholders become what
 * they stand for (`<parameter>`) in a description, and a value in an example, which is the
 * error array `errorBody` (the one the server sends) makes for that code.
 */
import { formatTimestamp } from "../../clock.ts";
import { ERROR_CODES, type ErrorEntry, type ErrorKey, errorBody } from "../../errors.ts";

/** What each placeholder of a message stands for, in the order of its params. */
const PLACEHOLDERS: Partial<Record<ErrorKey, readonly string[]>> = {
  MISSING_PARAMETER: ["parameter"],
  NO_ACTIVE_USER: ["username", "organizationId"],
  REQUEST_BUDGET_EXCEEDED: ["limit"],
  INVALID_VALUE: ["parameter"],
  NOT_FOUND: ["id"],
  ALREADY_EXISTS: ["name"],
  PASSWORD_LENGTH: ["parameter", "minimum", "maximum"],
  INVALID_LIST_QUERY: ["parameter", "reason"],
  PASSWORD_IS_LOGIN: ["parameter"],
  CLOCK_BACKWARDS: ["time"],
  V2_INVALID_CRUD_OPERATION: ["operation"],
  V2_INVALID_CRUD_ENTITY: ["entity"],
  V2_MISSING_DATA: ["field"],
  V2_ENTITY_MISMATCH: ["operation entity", "data entity"],
  V2_INVALID_FIELD_DATATYPE: ["field"],
  V2_INVALID_LIST_ENTITY: ["entity"],
  V2_INVALID_PARAMETER_VALUE: ["parameter", "value"],
  V2_INVALID_FILTER_FIELD: ["field"],
  V2_INVALID_FILTER_OPERATOR: ["operator"],
};

/** The params of each code's example: values the server would substitute. */
const SAMPLE_PARAMS: Partial<Record<ErrorKey, Record<string, string>>> = {
  MISSING_PARAMETER: { paramName0: "devKey" },
  NO_ACTIVE_USER: { paramName0: "ann@example.com", paramName1: "00801Abc2dEf3gHi4jKl" },
  REQUEST_BUDGET_EXCEEDED: { paramName0: "20000" },
  INVALID_VALUE: { paramName0: "organizationId" },
  NOT_FOUND: { paramName0: "00901Abc2dEf3gHi4jKl" },
  ALREADY_EXISTS: { paramName0: "X-Idempotent-Key" },
  PASSWORD_LENGTH: { paramName0: "password", paramName1: "8", paramName2: "1024" },
  INVALID_LIST_QUERY: { paramName0: "filters", paramName1: "'isActive' takes a boolean value." },
  PASSWORD_IS_LOGIN: { paramName0: "password" },
  CLOCK_BACKWARDS: { paramName0: "2026-11-29T10:00:00.000+00:00" },
  V2_INVALID_CRUD_OPERATION: { paramName0: "Explode" },
  V2_INVALID_CRUD_ENTITY: { paramName0: "Spaceship" },
  V2_MISSING_DATA: { paramName0: "data" },
  V2_ENTITY_MISMATCH: { paramName0: "Vendor", paramName1: "Bill" },
  V2_INVALID_FIELD_DATATYPE: { paramName0: "isActive" },
  V2_INVALID_LIST_ENTITY: { paramName0: "Spaceship" },
  V2_INVALID_PARAMETER_VALUE: { paramName0: "max", paramName1: "x" },
  V2_INVALID_FILTER_FIELD: { paramName0: "nickname" },
  V2_INVALID_FILTER_OPERATOR: { paramName0: "~" },
};

/** The time of every documented example: the test clock's start (test/helpers). */
export const EXAMPLE_TIMESTAMP = formatTimestamp(Date.UTC(2026, 10, 29, 10, 0, 0));

/** `${paramNameN}` (the table's spelling) and any other `${name}`. */
const PLACEHOLDER = /\$\{(\w+)\}/g;

/** A message with its placeholders named: `Invalid value for parameter: <parameter>.` */
export function documentedMessage(key: ErrorKey): string {
  const labels = PLACEHOLDERS[key] ?? [];
  return ERROR_CODES[key].message.replace(PLACEHOLDER, (_whole, name: string) => {
    const index = /^paramName(\d+)$/.exec(name)?.[1];
    return `<${(index === undefined ? undefined : labels[Number(index)]) ?? name}>`;
  });
}

/** Any placeholder left in a text, named the same way (a last pass over a whole document). */
export const namePlaceholders = (text: string): string =>
  text.includes("${") ? text.replace(PLACEHOLDER, (_whole, name: string) => `<${name}>`) : text;

/** A status's description: its codes and their messages, one per line (Markdown). */
export function errorDescription(keys: readonly ErrorKey[]): string {
  const lines = keys.map((key) => `- \`${ERROR_CODES[key].code}\` ${codeSpans(documentedMessage(key))}`);
  return `BILL's error array. Codes:\n\n${lines.join("\n")}`;
}

/** `<parameter>` as code, so that Markdown does not read it as an HTML tag. */
const codeSpans = (message: string) => message.replace(/<[^<>]+>/g, (label) => `\`${label}\``);

/** The error array the server sends for one code, with its example params. */
export function errorExample(key: ErrorKey): ErrorEntry[] {
  const params = SAMPLE_PARAMS[key];
  return errorBody([params ? { key, params } : { key }], EXAMPLE_TIMESTAMP);
}

export interface ExampleObject {
  summary: string;
  value: unknown;
}

/** Named examples of a status, one per code (`BDC_1101`; the key's name too when a code repeats). */
export function errorExamples(keys: readonly ErrorKey[]): Record<string, ExampleObject> {
  const examples: Record<string, ExampleObject> = {};
  const codes = keys.map((key) => ERROR_CODES[key].code);
  for (const key of keys) {
    const { code } = ERROR_CODES[key];
    const name = codes.filter((other) => other === code).length > 1 ? `${code}_${key}` : code;
    const value = errorExample(key);
    examples[name] = { summary: `${code}: ${value[0]?.message ?? ""}`, value };
  }
  return examples;
}
