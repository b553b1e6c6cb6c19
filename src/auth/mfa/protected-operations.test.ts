import { describe, expect, it } from "vitest";
import { describeOperation, matchesOperation, parseProtectedOperations } from "./protected-operations.ts";

describe("protected operations", () => {
  it("parse METHOD /v3/path entries, normalising case, /connect and trailing slashes", () => {
    const { operations, problems } = parseProtectedOperations(
      " post /v3/users , PATCH /connect/v3/organizations/*/ ,GET /v3/users/:userId,,",
    );
    expect(problems).toEqual([]);
    expect(operations.map(describeOperation)).toEqual([
      "POST /v3/users",
      "PATCH /v3/organizations/*",
      "GET /v3/users/:userId",
    ]);
  });

  it("report each malformed entry", () => {
    expect(
      parseProtectedOperations("HEAD /v3/x,POST v3/x,POST /v2/x,POST /v3/a?b,POST").problems,
    ).toHaveLength(5);
  });

  it("match a route by method and path, * and :param matching one parameter segment", () => {
    const [star, param, literal] = parseProtectedOperations(
      "PATCH /v3/organizations/*,GET /v3/users/:id,POST /v3/users",
    ).operations;
    if (!star || !param || !literal) throw new Error("parse failed");
    expect(matchesOperation(star, "PATCH", "/connect/v3/organizations/:organizationId")).toBe(true);
    expect(matchesOperation(star, "patch", "/connect/v3/organizations/:organizationId/")).toBe(true);
    expect(matchesOperation(star, "GET", "/connect/v3/organizations/:organizationId")).toBe(false);
    expect(matchesOperation(star, "PATCH", "/connect/v3/organizations")).toBe(false);
    expect(matchesOperation(star, "PATCH", "/connect/v3/organizations/:id/archive")).toBe(false);
    expect(matchesOperation(param, "GET", "/connect/v3/users/:userId")).toBe(true);
    expect(matchesOperation(param, "GET", "/connect/v3/users/me")).toBe(false);
    expect(matchesOperation(literal, "POST", "/connect/v3/users")).toBe(true);
    expect(matchesOperation(literal, "POST", "/connect/v3/users/:userId")).toBe(false);
  });
});
