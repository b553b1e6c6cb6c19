/**
 * `GET /v3/organizations/industries` [PM "Get list of organization industries"]: the values
 * of an organization's `industry` field, as `{ "results": [ … ] }`. Any live session, any role.
 */
import { Type } from "typebox";
import type * as Wire from "../../client/src/types.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import { same } from "../http/schemas/same.ts";
import type { App } from "../http/types.ts";

/**
 * (ours) BILL answers its own fixed list, which its reference does not print; BILL's example
 * organization has "Restaurant Caterer or Bar" [DP "Organizations for BILL partners"]. This is
 * a list in that style, alphabetical, and the same for every organization.
 */
export const INDUSTRIES: readonly string[] = Object.freeze([
  "Accounting or Bookkeeping",
  "Advertising or Marketing",
  "Agriculture, Forestry or Fishing",
  "Architecture or Engineering",
  "Arts, Entertainment or Recreation",
  "Automotive Sales or Repair",
  "Construction or Contracting",
  "Consulting",
  "Education",
  "Financial Services",
  "Government",
  "Healthcare or Medical",
  "Hospitality or Lodging",
  "Insurance",
  "Legal Services",
  "Manufacturing",
  "Media or Publishing",
  "Nonprofit",
  "Personal Services",
  "Property Management",
  "Real Estate",
  "Religious Organization",
  "Restaurant Caterer or Bar",
  "Retail",
  "Software or Technology",
  "Staffing or Recruiting",
  "Telecommunications",
  "Transportation or Logistics",
  "Utilities or Energy",
  "Wholesale or Distribution",
  "Other",
]);

const IndustriesSchema = Type.Object({ results: Type.Array(Type.String()) });

export function registerIndustriesRoute(app: App): void {
  app.get(
    "/connect/v3/organizations/industries",
    {
      schema: { response: { 200: IndustriesSchema, "4xx": ErrorResponse } },
      config: { auth: "session" },
    },
    async () => ({ results: [...INDUSTRIES] }),
  );
}

same<{ results: string[] }, Wire.IndustriesResponse>(true);
