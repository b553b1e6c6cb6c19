import { describe, expect, it } from "vitest";
import { errorFromResponse } from "./error-from-response.ts";
import {
  AuthenticationError,
  BadRequestError,
  BillApiError,
  BillClientError,
  ConflictError,
  errorParams,
  InternalServerError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  parseRetryAfter,
  RateLimitError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
} from "./errors.ts";
import { errorEntry } from "./testing/fake-fetch.ts";

const headers = (extra: Record<string, string> = {}) => new Headers({ "x-request-id": "req-42", ...extra });

describe("errorParams", () => {
  it("reads BILL's array of { name, value } as a record, in order", () => {
    const entry = {
      ...errorEntry("BDC_1111"),
      params: [
        { name: "paramName0", value: "ann@example.com" },
        { name: "paramName1", value: "00801ABCDEFGHIJKLMNO" },
      ],
    };
    expect(errorParams(entry)).toEqual({ paramName0: "ann@example.com", paramName1: "00801ABCDEFGHIJKLMNO" });
    const error = errorFromResponse(401, [entry, errorEntry("BDC_1108")], headers());
    expect(errorParams(error)).toEqual({ paramName0: "ann@example.com", paramName1: "00801ABCDEFGHIJKLMNO" });
  });

  it("gives {} when there are no params, no entry, or a body that is not BILL's", () => {
    expect(errorParams(errorEntry("BDC_1109"))).toEqual({});
    expect(errorParams(undefined)).toEqual({});
    expect(errorParams(errorFromResponse(502, "<html>bad gateway</html>", headers()))).toEqual({});
    // A malformed params (an old server's record, a proxy's object) is not misread.
    const odd = { ...errorEntry("BDC_1108"), params: { paramName0: "x" } } as unknown as Parameters<
      typeof errorParams
    >[0];
    expect(errorParams(odd)).toEqual({});
    const partly = {
      ...errorEntry("BDC_1108"),
      params: [
        { name: "a", value: 1 },
        { name: "b", value: "2" },
      ],
    };
    expect(errorParams(partly as unknown as Parameters<typeof errorParams>[0])).toEqual({ b: "2" });
  });
});

describe("errorFromResponse", () => {
  const cases: Array<[number, string, typeof BillApiError]> = [
    [400, "BDC_1108", BadRequestError],
    [401, "BDC_1109", AuthenticationError],
    [403, "BDC_1107", PermissionDeniedError],
    [404, "BDC_1121", NotFoundError],
    [405, "BDC_1121", MethodNotAllowedError],
    [409, "BDC_9008", ConflictError],
    [413, "BDC_9007", PayloadTooLargeError],
    [415, "BDC_1122", UnsupportedMediaTypeError],
    [422, "BDC_9999", UnprocessableEntityError],
    [422, "BDC_1144", RateLimitError],
    [422, "BDC_1322", RateLimitError],
    [500, "BDC_1001", InternalServerError],
    [503, "BDC_1001", InternalServerError],
  ];

  it.each(cases)("maps %i %s to %o", (status, code, ErrorClass) => {
    const error = errorFromResponse(status, [errorEntry(code)], headers());
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.constructor).toBe(ErrorClass);
    expect(error.name).toBe(ErrorClass.name);
    expect(error).toBeInstanceOf(BillApiError);
    expect(error).toBeInstanceOf(BillClientError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.requestId).toBe("req-42");
    expect(error.message).toContain(code);
  });

  it("keeps the whole error array and takes the first code", () => {
    const body = [errorEntry("BDC_1108", "first"), errorEntry("BDC_1108", "second")];
    const error = errorFromResponse(400, body, headers());
    expect(error.errors).toEqual(body);
    expect(error.code).toBe("BDC_1108");
  });

  it("a rate limit is also an UnprocessableEntityError, with retryAfterSeconds", () => {
    const error = errorFromResponse(422, [errorEntry("BDC_1144")], headers({ "retry-after": "1800" }));
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.retryAfterSeconds).toBe(1800);
  });

  it("a non-BILL body still gives the status's class, with no code and no errors", () => {
    for (const body of ["<html>Bad Gateway</html>", { message: "nope" }, null, "", [1, "x"]]) {
      const error = errorFromResponse(502, body, new Headers());
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error.code).toBeUndefined();
      expect(error.errors).toEqual([]);
      expect(error.requestId).toBeUndefined();
    }
    expect(errorFromResponse(401, "denied", new Headers())).toBeInstanceOf(AuthenticationError);
    expect(errorFromResponse(401, "denied", new Headers()).message).toContain("denied");
  });

  it("a 422 without a code is not a rate limit; an unknown status is the base class", () => {
    expect(errorFromResponse(422, "x", new Headers())).not.toBeInstanceOf(RateLimitError);
    const teapot = errorFromResponse(418, [errorEntry("BDC_0000")], new Headers());
    expect(teapot.constructor).toBe(BillApiError);
    expect(teapot.status).toBe(418);
  });

  it("a 429 from a proxy is a RateLimitError", () => {
    expect(errorFromResponse(429, "slow down", new Headers())).toBeInstanceOf(RateLimitError);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, ignores garbage", () => {
    expect(parseRetryAfter("3")).toBe(3);
    expect(parseRetryAfter(" 0 ")).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const now = Date.parse("2026-11-29T10:00:00Z");
    expect(parseRetryAfter("Sun, 29 Nov 2026 10:00:05 GMT", now)).toBe(5);
    expect(parseRetryAfter("Sun, 29 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });
});
