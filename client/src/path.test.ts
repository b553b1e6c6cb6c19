import { describe, expect, it } from "vitest";
import { buildUrl, path } from "./core/path.ts";

describe("path", () => {
  it("encodes every path parameter", () => {
    expect(path`/v3/users/${"006/../x?y#z"}/archive`).toBe("/v3/users/006%2F..%2Fx%3Fy%23z/archive");
    expect(path`/v3/roles/${42}`).toBe("/v3/roles/42");
    expect(path`/v3/login`).toBe("/v3/login");
  });
});

describe("buildUrl", () => {
  it("joins base, path and query", () => {
    expect(buildUrl("https://gateway.stage.bill.com/connect/", "/v3/login")).toBe(
      "https://gateway.stage.bill.com/connect/v3/login",
    );
    expect(buildUrl("http://h/connect", "v3/users", { max: 2, page: undefined })).toBe(
      "http://h/connect/v3/users?max=2",
    );
  });
});
