/**
 * `POST /api/v2/PayBills.json` (docs/bill-sign-in-modes.md section 2.8): v2's request, mapped by
 * `payBillsFromV2` (src/v2/pay-bills.ts), makes v3 payments through the same createPayments
 * as `POST /v3/payments/bulk` (src/routes/payments.ts): the payer roles, an MFA-trusted session
 * where the organization requires MFA, every payment or none.
 */
import type { AuthDeps } from "../../auth/context.ts";
import { ApiError } from "../../errors.ts";
import { sessionOf } from "../../http/context.ts";
import { resultValue } from "../../http/result.ts";
import { formBody, V2DataForm, V2Envelope } from "../../http/schemas/v2.ts";
import type { App } from "../../http/types.ts";
import { v2Form } from "../../http/v2-auth.ts";
import { createPayments } from "../../resources/ap/payment-actions.ts";
import { PAYERS } from "../../resources/ap/payments.ts";
import { readV2Data } from "../../v2/data.ts";
import { v2Success, v2Value } from "../../v2/envelope.ts";
import { PAY_BILLS_PATHS, payBillsFromV2, payBillsToV2 } from "../../v2/pay-bills.ts";

export function registerV2PayBillsRoute(v2: App, deps: AuthDeps): void {
  v2.post(
    "/PayBills.json",
    {
      schema: {
        summary: "v2 PayBills: pay bills from a bank account (v3 payments)",
        ...formBody(V2DataForm),
        response: { 200: V2Envelope() },
      },
      // As POST /v3/payments: a trusted session where the organization requires MFA.
      config: { auth: "v2-session", mfaProtected: true },
    },
    async (request) => {
      const session = sessionOf(request);
      const scope = { organizationId: session.organizationId, userId: session.userId };
      const member = await deps.stores.memberships.findMember(scope.organizationId, scope.userId);
      if (!member || member.archived || !PAYERS.includes(member.roleType)) {
        throw new ApiError("INSUFFICIENT_PERMISSIONS");
      }
      const requests = v2Value(payBillsFromV2(v2Value(readV2Data(v2Form(request).data))));
      const payments = resultValue(await createPayments(deps, scope, requests, PAY_BILLS_PATHS));
      return v2Success(payBillsToV2(payments));
    },
  );
}
