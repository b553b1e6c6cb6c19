/**
 * What a payment does (docs/bill-v3-resources.md section 9): create one or many (all or
 * nothing) in one transaction that first locks the bills and vendor credits it draws on, so
 * two payments racing for one bill's due amount cannot both have it; cancel and void as
 * transitions; the vendor payment options.
 */
import { type AuthDeps, fail, ok, type Result } from "../../auth/context.ts";
import { newIdWithPrefix } from "../../auth/crypto/ids.ts";
import type { ErrorItem } from "../../errors.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import type { ReadContext } from "../declaration.ts";
import { type ResourceScope, readContext, transitionResource, viewsOf } from "../engine.ts";
import { BANK_ACCOUNTS, isVerifiedBankAccount } from "../funding/bank-state.ts";
import { dateOf, PAYMENTS, type PaymentData, paymentStatus, VENDOR_CREDITS } from "./payment-state.ts";
import {
  type BillPaymentRequest,
  buildPayment,
  deliveryDate,
  nextBusinessDay,
  paymentProblems,
  payments,
} from "./payments.ts";

/** One payment to make: its bills and how it is made. */
export interface NewPayment {
  vendorId?: string;
  processDate?: string;
  lines: readonly BillPaymentRequest[];
  onlinePayment: boolean;
  fundingAccount?: { type: string; id?: string };
  processingOptions?: Record<string, unknown>;
  description?: string;
  toPrintCheck?: boolean;
}

/** How the body names bill payment i's fields and the vendor (single, bulk, recorded). */
export interface PaymentPaths {
  at(index: number, field: string): string;
  vendor?: string;
}

/**
 * Makes payments: every one lands, or none does. The bills and credits named are locked first
 * (sorted), then each payment is checked against what is stored plus the ones before it in
 * the same request. Answers their views.
 */
export async function createPayments(
  deps: AuthDeps,
  scope: ResourceScope,
  requests: readonly NewPayment[],
  paths: PaymentPaths,
): Promise<Result<Record<string, unknown>[]>> {
  const now = deps.clock.now();
  const context = { userId: scope.userId, newId: newIdWithPrefix };
  const result = await deps.stores.transaction(async (stores): Promise<Result<ResourceRecord[]>> => {
    const lines = requests.flatMap((request) => request.lines);
    await stores.resources.lock(
      scope.organizationId,
      "bills",
      lines.map((line) => line.billId),
    );
    const credits = lines.flatMap((line) => (line.vendorCredits ?? []).map((use) => use.id));
    await stores.resources.lock(scope.organizationId, VENDOR_CREDITS, credits);
    const base = await readContext(stores, scope.organizationId, payments, [], now);
    const pending: ResourceRecord[] = [];
    const read: ReadContext = {
      ...base,
      all: (kind) => (kind === PAYMENTS ? [...base.all(kind), ...pending] : base.all(kind)),
    };
    const problems: ErrorItem[] = [];
    let offset = 0;
    for (const request of requests) {
      const first = request.lines[0] as BillPaymentRequest;
      // The vendor is the body's, else the (first) bill's [DP: "If vendorId is not set, the bill's vendorId is automatically set"].
      const vendorId = request.vendorId ?? String(base.lookup("bills", first.billId)?.data.vendorId ?? "");
      const data = buildPayment(
        { ...request, vendorId, processDate: request.processDate ?? nextBusinessDay(now) },
        context,
      );
      const start = offset;
      const found = paymentProblems(data, read, (i, field) => paths.at(start + i, field), paths.vendor);
      offset += request.lines.length;
      problems.push(...found);
      pending.push({
        organizationId: scope.organizationId,
        kind: PAYMENTS,
        id: newIdWithPrefix(payments.idPrefix),
        archived: false,
        data: data as unknown as Record<string, unknown>,
        createdAt: now,
        updatedAt: now,
      });
    }
    // Each problem once (a rule on the whole body, like processDate, is found per payment).
    const unique = [...new Map(problems.map((p) => [JSON.stringify(p), p])).values()];
    if (unique.length > 0) return { ok: false, errors: unique };
    await stores.resources.create(pending);
    return ok(pending);
  });
  return result.ok ? ok(await viewsOf(deps, scope.organizationId, payments, result.value)) : result;
}

const refused = (): { errors: ErrorItem[] } => ({
  errors: [{ key: "INVALID_VALUE", params: { paramName0: "status" } }],
});

/**
 * `POST /v3/payments/{id}/cancel` [PM: "only when the payment singleStatus is SCHEDULED"]. A
 * canceled payment answers as it is (ours, like archive); any other status is 400 BDC_9001
 * naming `status` (ours).
 */
export function cancelPayment(deps: AuthDeps, scope: ResourceScope, id: string) {
  return transitionResource(deps, scope, payments, id, (record, context) => {
    const data = record.data as unknown as PaymentData;
    const status = paymentStatus(data, context.now);
    if (status === "CANCELLED") return { data: record.data };
    if (status !== "SCHEDULED") return refused();
    return { data: { ...record.data, state: "CANCELLED" } };
  });
}

/**
 * `POST /v3/payments/{id}/void` [PM: for a payment that "has started processing and cannot be
 * canceled", online or offline]: a PAID payment becomes VOID and gives its bills their due
 * back (ours: at once, as BILL's void is ACCEPTED). A voided payment answers as it is; a
 * scheduled or canceled one is 400 BDC_9001 naming `status` (ours: cancel a scheduled one).
 */
export function voidPayment(
  deps: AuthDeps,
  scope: ResourceScope,
  id: string,
  body: { reason?: string; type?: string },
) {
  return transitionResource(deps, scope, payments, id, (record, context) => {
    const data = record.data as unknown as PaymentData;
    const status = paymentStatus(data, context.now);
    if (status === "VOID") return { data: record.data };
    if (status !== "PAID") return refused();
    const info = {
      requestedBy: context.userId,
      type: body.type ?? "VOID_ONLY",
      status: "ACCEPTED",
      ...(body.reason === undefined ? {} : { reason: body.reason }),
      createdAt: context.now,
    };
    return { data: { ...record.data, state: "VOID", voidInfo: [...(data.voidInfo ?? []), info] } };
  });
}

/**
 * `GET /v3/payments/options?vendorId&amount` [PM shape]: each of the organization's bank
 * accounts, available when verified; cards none (ours: this server has no card accounts).
 */
export async function paymentOptions(
  deps: AuthDeps,
  organizationId: string,
  vendorId: string,
  amount: number,
): Promise<Result<Record<string, unknown>>> {
  const vendor = /^[0-9A-Za-z]{20}$/.test(vendorId)
    ? await deps.stores.resources.find(organizationId, "vendors", vendorId)
    : undefined;
  if (!vendor || vendor.archived) return fail("INVALID_VALUE", { paramName0: "vendorId" });
  const now = deps.clock.now();
  const processDate = dateOf(now);
  const hasBank = Boolean(
    (vendor.data.paymentInformation as { bankAccount?: unknown } | undefined)?.bankAccount,
  );
  const banks = (await deps.stores.resources.listAll(organizationId, BANK_ACCOUNTS))
    .filter((bank) => !bank.archived)
    .map((bank) => {
      const available = isVerifiedBankAccount(bank);
      return {
        available,
        deliveryDate: deliveryDate(processDate, hasBank ? 1 : 5),
        processDate,
        ...(available ? {} : { reason: "Bank account is not verified." }),
        conditions: [],
        id: bank.id,
        name: String(bank.data.bankName ?? bank.data.nameOnAccount ?? ""),
        fee: 0,
      };
    });
  return ok({ amount, vendorId, fundingOptions: { banks, cards: [] } });
}
