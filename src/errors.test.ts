import { describe, expect, it } from "vitest";
import { ApiError, ERROR_CODES, errorBody, formatMessage } from "./errors.ts";

describe("the error table", () => {
  it("holds the spec's codes with their statuses and categories", () => {
    const rows = Object.values(ERROR_CODES).map(
      ({ code, status, category }) => `${code} ${status} ${category}`,
    );
    expect(rows).toEqual([
      "BDC_1001 500 SERVER",
      "BDC_1101 401 DOWNSTREAM",
      "BDC_1102 401 DOWNSTREAM",
      "BDC_1103 401 DOWNSTREAM",
      "BDC_1107 403 DOWNSTREAM",
      "BDC_1108 400 REQUEST",
      "BDC_1109 401 DOWNSTREAM",
      "BDC_1110 401 DOWNSTREAM",
      "BDC_1111 401 DOWNSTREAM",
      "BDC_1121 404 REQUEST",
      "BDC_1121 405 REQUEST",
      "BDC_1122 400 REQUEST",
      "BDC_1122 415 REQUEST",
      "BDC_1123 400 REQUEST",
      "BDC_1144 422 APPLICATION",
      "BDC_1322 422 APPLICATION",
      "BDC_1354 400 REQUEST", // no verified phone to challenge (BILL's code and message)
      "BDC_1356 400 REQUEST",
      "BDC_1358 403 DOWNSTREAM",
      "BDC_1361 403 DOWNSTREAM",
      "BDC_5324 403 DOWNSTREAM", // changing the MFA phone untrusted (BILL's code; status ours)
      "BDC_9001 400 REQUEST",
      "BDC_9002 400 REQUEST",
      "BDC_9003 401 DOWNSTREAM",
      "BDC_9004 403 DOWNSTREAM",
      "BDC_9005 404 DOWNSTREAM",
      "BDC_9007 413 REQUEST",
      "BDC_9008 409 REQUEST",
      "BDC_9009 503 SERVER",
      "BDC_1001 503 SERVER",
      "BDC_1001 503 SERVER",
      "BDC_9010 401 DOWNSTREAM",
      "BDC_9001 400 REQUEST",
      "BDC_9001 400 REQUEST", // a list's filters or sort (ours)
      "BDC_9001 400 REQUEST",
      "BDC_9011 403 DOWNSTREAM",
      "BDC_9015 409 REQUEST", // the test clock moving back without backwards: true (ours)
      "BDC_9012 431 REQUEST",
      "BDC_9013 414 REQUEST",
      "BDC_9014 408 REQUEST",
      // BILL's v2 codes (answered in v2's envelope, HTTP 200)
      "BDC_1115 400 REQUEST",
      "BDC_1116 400 REQUEST",
      "BDC_1117 400 REQUEST",
      "BDC_1118 400 REQUEST",
      "BDC_1124 400 REQUEST",
      "BDC_1128 400 REQUEST",
      "BDC_1129 400 REQUEST",
      "BDC_1130 400 REQUEST",
      "BDC_1131 400 REQUEST",
      "BDC_1122 415 REQUEST",
    ]);
    expect(ERROR_CODES.SESSION_INVALID.message).toBe("Session is invalid.  Please log in.");
    expect(ERROR_CODES.MFA_NOT_SET_UP.message).toBe(
      "Specified 2-Step Verification phone is not setup or is invalid.",
    );
    expect(ERROR_CODES.MFA_ACTION_BLOCKED.message).toBe("Mfa action blocked.");
  });

  it("substitutes params into messages and leaves unknown placeholders alone", () => {
    expect(
      formatMessage("No active user for: ${paramName0}, ${paramName1}.", {
        paramName0: "a",
        paramName1: "b",
      }),
    ).toBe("No active user for: a, b.");
    expect(formatMessage("x ${other}", {})).toBe("x ${other}");
  });

  it("builds BILL's array, one object per item, with one timestamp", () => {
    const body = errorBody(
      [
        { key: "MISSING_PARAMETER", params: { paramName0: "username" } },
        { key: "MISSING_PARAMETER", params: { paramName0: "password" } },
      ],
      "2026-11-29T10:15:30.123+00:00",
    );
    expect(body).toEqual([
      {
        timestamp: "2026-11-29T10:15:30.123+00:00",
        code: "BDC_1108",
        severity: "ERROR",
        category: "REQUEST",
        message: "Missing parameter value for parameter: username.",
        params: [{ name: "paramName0", value: "username" }],
      },
      expect.objectContaining({ message: "Missing parameter value for parameter: password." }),
    ]);
  });

  it("leaves params out when there are none, as BILL's documented example does", () => {
    const [entry] = errorBody([{ key: "SESSION_INVALID" }], "2026-11-29T10:15:30.123+00:00");
    expect(entry).toEqual({
      timestamp: "2026-11-29T10:15:30.123+00:00",
      code: "BDC_1109",
      severity: "ERROR",
      category: "DOWNSTREAM",
      message: "Session is invalid.  Please log in.",
    });
    expect(Object.keys(entry as object)).not.toContain("params");
    expect(errorBody([{ key: "SESSION_INVALID", params: {} }], "t")[0]).not.toHaveProperty("params");
  });

  it("gives params as BILL's array of name and value, in the order of the record", () => {
    const [entry] = errorBody(
      [{ key: "NO_ACTIVE_USER", params: { paramName0: "ann@example.com", paramName1: "00801x", hint: "h" } }],
      "t",
    );
    expect(entry?.params).toEqual([
      { name: "paramName0", value: "ann@example.com" },
      { name: "paramName1", value: "00801x" },
      { name: "hint", value: "h" },
    ]);
    expect(entry?.message).toBe("No active user for: ann@example.com, 00801x.");
  });

  it("gives an ApiError the status of its first item", () => {
    expect(new ApiError("LOGIN_LOCKED").status).toBe(401);
    expect(new ApiError([{ key: "BODY_TOO_LARGE" }, { key: "INVALID_JSON" }]).status).toBe(413);
    expect(() => new ApiError([])).toThrow(TypeError);
  });
});
