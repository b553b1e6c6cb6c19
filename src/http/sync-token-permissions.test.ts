import { describe, expect, it } from "vitest";
import { syncTokenMayCall, syncTokenRule } from "./sync-token-permissions.ts";

const may = (method: string, url: string, mfaProtected = false) =>
  syncTokenMayCall({ method, url, mfaProtected });

describe("what a sync-token session may call (docs/bill-sign-in-modes.md 3.4)", () => {
  it("allows the AP & AR records: lists, creates, bulk, one record's calls", () => {
    for (const [method, url] of [
      ["GET", "/connect/v3/vendors"],
      ["HEAD", "/connect/v3/vendors"],
      ["POST", "/connect/v3/vendors"],
      ["POST", "/connect/v3/vendors/bulk"],
      ["GET", "/connect/v3/vendors/:id"],
      ["PATCH", "/connect/v3/bills/:id"],
      ["PUT", "/connect/v3/bills/:id"],
      ["POST", "/connect/v3/bills/:id/archive"],
      ["POST", "/connect/v3/vendor-credits/bulk/archive"],
      ["PUT", "/connect/v3/credit-memos/bulk"],
      ["GET", "/connect/v3/customers/:id"],
      ["POST", "/connect/v3/invoices/:id/restore"],
      ["PATCH", "/connect/v3/classifications/chart-of-accounts/bulk"],
      ["POST", "/connect/v3/classifications/items/bulk/restore"],
      ["GET", "/connect/v3/login/session"],
      ["POST", "/connect/v3/logout"],
      ["GET", "/connect/v3/organizations/:organizationId"],
      ["POST", "/api/v2/List/:entity.json"],
      ["POST", "/api/v2/Crud/:operation/:entity.json"],
      ["POST", "/api/v2/GetSessionInfo.json"],
      ["POST", "/api/v2/Logout.json"],
    ] as const) {
      expect(may(method, url), `${method} ${url}`).toBe(true);
    }
  });

  it("refuses payments, MFA, bank accounts, approvals, administration and anything unknown", () => {
    for (const [method, url] of [
      ["POST", "/connect/v3/payments"],
      ["GET", "/connect/v3/payments/:id"],
      ["GET", "/connect/v3/receivable-payments"],
      ["POST", "/connect/v3/bills/record-payment"],
      ["POST", "/connect/v3/invoices/record-payment"],
      ["POST", "/connect/v3/invoices/:id/payment-link"],
      ["POST", "/connect/v3/invoices/:id/email"],
      ["GET", "/connect/v3/vendors/:id/bank-account"],
      ["GET", "/connect/v3/vendors/:id/configuration"],
      ["GET", "/connect/v3/vendors/configuration/international-payments"],
      ["GET", "/connect/v3/funding-accounts/banks"],
      ["GET", "/connect/v3/bill-approvals/policies"],
      ["POST", "/connect/v3/mfa/challenge"],
      ["POST", "/connect/v3/mfa/step-up"],
      ["GET", "/connect/v3/users"],
      ["GET", "/connect/v3/roles"],
      ["PATCH", "/connect/v3/organizations/:organizationId"],
      ["GET", "/connect/v3/sync-tokens"],
      ["DELETE", "/connect/v3/sync-tokens/:id"],
      ["GET", "/connect/v3/partner/users"],
      ["POST", "/api/v2/PayBills.json"],
      ["POST", "/api/v2/Login.json"],
      ["GET", "/connect/v3/vendorsx"],
      ["GET", "/connect/v3/vendors/:id/anything"],
    ] as const) {
      expect(may(method, url), `${method} ${url}`).toBe(false);
    }
  });

  it("refuses an MFA-protected route, even one of the records", () => {
    expect(may("POST", "/connect/v3/vendors", true)).toBe(false);
    expect(syncTokenRule({ method: "POST", url: "/connect/v3/vendors", mfaProtected: true })).toBe(
      "INSUFFICIENT_PERMISSIONS",
    );
    expect(syncTokenRule({ method: "GET", url: "/connect/v3/vendors" })).toBeUndefined();
  });
});
