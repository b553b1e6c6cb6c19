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
import { BANK_ACCOUNTS, isVerifiedBankAccount } from "../../resources/funding/bank-state.ts";
import { readV2Data } from "../../v2/data.ts";
import { V2Refusal, v2Success, v2Value } from "../../v2/envelope.ts";
import { newPaymentsOf, PAY_BILLS_PATHS, payBillsAnswer, payBillsFromV2 } from "../../v2/pay-bills.ts";

/**
 * v2's `bankAccountId` is optional: without it BILL pays from the organization's bank account
 * (ours: its first verified, unarchived payables bank account; none → BDC_1108 bankAccountId).
 */
async function withDefaultBank(
  deps: AuthDeps,
  organizationId: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const funding = body.fundingAccount as { type: string; id?: string } | undefined;
  if (funding?.id) return body;
  const banks = await deps.stores.resources.listAll(organizationId, BANK_ACCOUNTS);
  const bank = banks.find((each) => !each.archived && isVerifiedBankAccount(each));
  if (!bank) throw new V2Refusal({ code: "BDC_1108", message: "Missing required field: bankAccountId" });
  return { ...body, fundingAccount: { type: "BANK_ACCOUNT", id: bank.id } };
}

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
      const body = v2Value(payBillsFromV2(v2Value(readV2Data(v2Form(request).data))));
      const requests = newPaymentsOf(await withDefaultBank(deps, scope.organizationId, body));
      const payments = resultValue(await createPayments(deps, scope, requests, PAY_BILLS_PATHS));
      return v2Success(payBillsAnswer(payments));
    },
  );
}
