import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPayments } from "../resources/ap/payment-actions.ts";
import { BulkPaymentBody } from "../resources/ap/payments.ts";
import { addSeededBankAccount } from "../resources/funding/seeded-bank.ts";
import { checkBody, errorsOf } from "../resources/validate.ts";
import { bill } from "./entities/bill.ts";
import { chartOfAccount } from "./entities/classifications.ts";
import {
  bill as billExample,
  CHART_OF_ACCOUNT,
  type Classified,
  vendorCredit as creditExample,
  VENDOR,
} from "./entities/examples.ts";
import { bodyOf, type Engine, openEngine } from "./entities/testing.ts";
import { vendor } from "./entities/vendor.ts";
import { vendorCredit } from "./entities/vendor-credit.ts";
import {
  newPaymentsOf,
  PAY_BILLS_PATHS,
  paidBillsToV2,
  payBillsAnswer,
  payBillsFromV2,
} from "./pay-bills.ts";

const VENDOR_ID = "00901AYXJFMTDDO4xat5";
const BILL_A = "00n01ZWAMLTSFBS5ao2z";
const BILL_B = "00n01FSFJWBRPEQ5ao4q";
const CREDIT = "vcr01AAAAAAAAAAAAAAA";
const BANK = "bac01BBBBBBBBBBBBBBB";
const NO_IDS = {} as Classified;

/**
 * BILL's example [DP v2 "PayBills": developersupport.bill.com/hc/en-us/articles/215407363]:
 * 100.00 for one bill; for the other "100.00 (99.00 amount + 1.00 bill credit)".
 */
const EXAMPLE = {
  vendorId: VENDOR_ID,
  processDate: "2017-01-19",
  billPays: [
    { billId: BILL_A, amount: 100.0 },
    { billId: BILL_B, amount: 99.0 },
  ],
  billCredits: [{ billId: BILL_B, vendorCreditId: CREDIT, amount: 1.0 }],
};

describe("PayBills as v3 payments", () => {
  it("turns BILL's example into v3's bulk payment body, a credit with its bill's payment", () => {
    const body = bodyOf(payBillsFromV2({ ...EXAMPLE, bankAccountId: BANK }));
    expect(body).toEqual({
      vendorId: VENDOR_ID,
      processDate: "2017-01-19",
      fundingAccount: { type: "BANK_ACCOUNT", id: BANK },
      payments: [
        { billId: BILL_A, amount: 100 },
        { billId: BILL_B, amount: 99, vendorCredits: [{ id: CREDIT, amount: 1 }] },
      ],
    });
    expect(errorsOf(checkBody(BulkPaymentBody, body))).toEqual([]);
    // Without bankAccountId the route gives the organization's default account.
    expect(bodyOf(payBillsFromV2(EXAMPLE)).fundingAccount).toEqual({ type: "BANK_ACCOUNT" });
  });

  it("makes one v3 payment per bill, in order", () => {
    const requests = newPaymentsOf(
      bodyOf(payBillsFromV2({ ...EXAMPLE, bankAccountId: BANK, description: "Memo" })),
    );
    expect(requests).toEqual([
      {
        vendorId: VENDOR_ID,
        processDate: "2017-01-19",
        description: "Memo",
        fundingAccount: { type: "BANK_ACCOUNT", id: BANK },
        lines: [{ billId: BILL_A, amount: 100 }],
        onlinePayment: true,
      },
      {
        vendorId: VENDOR_ID,
        processDate: "2017-01-19",
        description: "Memo",
        fundingAccount: { type: "BANK_ACCOUNT", id: BANK },
        lines: [{ billId: BILL_B, amount: 99, vendorCredits: [{ id: CREDIT, amount: 1 }] }],
        onlinePayment: true,
      },
    ]);
    expect(PAY_BILLS_PATHS.at(1, "amount")).toBe("billPays[1].amount");
  });

  it("refuses with BILL's v2 codes, never throwing", () => {
    expect(payBillsFromV2({ vendorId: VENDOR_ID })).toEqual({
      ok: false,
      code: "BDC_1108",
      message: "Missing parameter value for parameter: billPays.",
    });
    expect(payBillsFromV2({ billPays: [] })).toMatchObject({ code: "BDC_1108" });
    expect(payBillsFromV2({ billPays: {} })).toMatchObject({ code: "BDC_1124" });
    expect(payBillsFromV2({ billPays: [{ amount: 1 }] })).toEqual({
      ok: false,
      code: "BDC_1108",
      message: "Missing parameter value for parameter: billPays[0].billId.",
    });
    expect(payBillsFromV2({ billPays: [{ billId: BILL_A, amount: 0 }] })).toEqual({
      ok: false,
      code: "BDC_1119",
      message: "Invalid field,value: billPays[0].amount, 0.",
    });
    expect(payBillsFromV2({ billPays: [{ billId: BILL_A, amount: "ten" }] })).toMatchObject({
      code: "BDC_1124",
    });
    expect(payBillsFromV2({ billPays: [{ billId: VENDOR_ID, amount: 1 }] })).toMatchObject({
      code: "BDC_1119",
    });
    expect(payBillsFromV2({ ...EXAMPLE, processDate: "01/19/2017" })).toMatchObject({ code: "BDC_1119" });
    expect(payBillsFromV2({ ...EXAMPLE, bankAccountId: VENDOR_ID })).toMatchObject({ code: "BDC_1119" });
    expect(
      payBillsFromV2({
        ...EXAMPLE,
        billCredits: [{ billId: "00n01CCCCCCCCCCCCCCC", vendorCreditId: CREDIT, amount: 1 }],
      }),
    ).toEqual({
      ok: false,
      code: "BDC_1119",
      message: "Invalid field,value: billCredits[0].billId, 00n01CCCCCCCCCCCCCCC.",
    });
    expect(payBillsFromV2({ ...EXAMPLE, billCredits: [{ billId: BILL_B, amount: 1 }] })).toMatchObject({
      message: "Missing parameter value for parameter: billCredits[0].vendorCreditId.",
    });
    const many = Array.from({ length: 201 }, () => ({ billId: BILL_A, amount: 1 }));
    expect(payBillsFromV2({ billPays: many })).toMatchObject({ code: "BDC_1119" });
    expect(bodyOf(payBillsFromV2({ billPays: many.slice(0, 200) })).payments).toHaveLength(200);
  });

  it("answers a payment as v2's SentPay, with its BillPays and BillCredits", () => {
    const sentPay = paidBillsToV2({
      id: "stp01DDDDDDDDDDDDDDD",
      vendorId: VENDOR_ID,
      billId: BILL_B,
      billPayments: [
        {
          id: "blp01EEEEEEEEEEEEEEE",
          billId: BILL_B,
          amount: 99,
          vendorCredits: [{ id: CREDIT, amount: 1 }],
        },
      ],
      processDate: "2017-01-19",
      amount: 99,
      fundingAccount: { type: "BANK_ACCOUNT", id: BANK },
      status: "SCHEDULED",
      onlinePayment: true,
      createdTime: "2017-01-18T10:00:00.000+00:00",
      updatedTime: "2017-01-18T10:00:00.000+00:00",
    });
    expect(sentPay).toMatchObject({
      entity: "SentPay",
      id: "stp01DDDDDDDDDDDDDDD",
      processDate: "2017-01-19",
      amount: 99,
      status: "1",
      vendorId: VENDOR_ID,
      isOnline: true,
      bankAccountId: BANK,
      createdTime: "2017-01-18T10:00:00.000+0000",
      billPays: [
        {
          entity: "BillPay",
          id: "blp01EEEEEEEEEEEEEEE",
          billId: BILL_B,
          sentPayId: "stp01DDDDDDDDDDDDDDD",
          amount: 99,
        },
      ],
      billCredits: [{ entity: "BillCredit", billId: BILL_B, vendorCreditId: CREDIT, amount: 1 }],
    });
    for (const [status, code] of [
      ["PAID", "2"],
      ["CANCELLED", "3"],
      ["VOID", "4"],
    ]) {
      expect(paidBillsToV2({ status }).status).toBe(code);
    }
    expect(paidBillsToV2({}).billPays).toEqual([]);
  });

  describe("through the engine's payment create", () => {
    let engine: Engine;
    let vendorId: string;
    let bank: string;
    let bills: string[];
    let credit: string;
    beforeEach(async () => {
      engine = await openEngine();
      vendorId = String((await engine.create(vendor, VENDOR)).id);
      const coa = String((await engine.create(chartOfAccount, CHART_OF_ACCOUNT)).id);
      const lines = (amount: number) => [{ entity: "BillLineItem", amount, chartOfAccountId: coa }];
      bills = [
        String(
          (await engine.create(bill, { ...billExample(vendorId, NO_IDS), billLineItems: lines(100) })).id,
        ),
        String(
          (await engine.create(bill, { ...billExample(vendorId, NO_IDS), billLineItems: lines(100) })).id,
        ),
      ];
      credit = String((await engine.create(vendorCredit, creditExample(vendorId, coa))).id);
      bank = await addSeededBankAccount(
        engine.deps,
        { id: engine.scope.organizationId, name: "Org" },
        engine.scope.userId,
      );
    });
    afterEach(() => engine.close());

    it("pays BILL's example: two SentPays, the bills scheduled, the credit applied", async () => {
      const body = bodyOf(
        payBillsFromV2({
          vendorId,
          processDate: "2026-12-01",
          bankAccountId: bank,
          billPays: [
            { billId: bills[0], amount: 100 },
            { billId: bills[1], amount: 99 },
          ],
          billCredits: [{ billId: bills[1], vendorCreditId: credit, amount: 1 }],
        }),
      );
      const result = await createPayments(engine.deps, engine.scope, newPaymentsOf(body), PAY_BILLS_PATHS);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      const answer = payBillsAnswer(result.value);
      expect(answer.sentPays).toHaveLength(2);
      expect(answer.sentPays.map((p) => [p.amount, p.status, p.vendorId, p.bankAccountId])).toEqual([
        [100, "1", vendorId, bank],
        [99, "1", vendorId, bank],
      ]);
      expect(answer.sentPays[1]?.billCredits).toMatchObject([{ vendorCreditId: credit, amount: 1 }]);
      const second = bill.toV2(await engine.get(bill, String(bills[1])));
      expect(second).toMatchObject({ scheduledAmount: 99, paymentStatus: "4" });
      expect(vendorCredit.toV2(await engine.get(vendorCredit, credit))).toMatchObject({
        appliedAmount: 1,
        creditStatus: "2",
      });
    });

    it("refuses an overpayment naming v2's field, and pays nothing", async () => {
      const body = bodyOf(
        payBillsFromV2({
          vendorId,
          processDate: "2026-12-01",
          bankAccountId: bank,
          billPays: [
            { billId: bills[0], amount: 100 },
            { billId: bills[1], amount: 100.01 },
          ],
        }),
      );
      const result = await createPayments(engine.deps, engine.scope, newPaymentsOf(body), PAY_BILLS_PATHS);
      expect(result).toEqual({
        ok: false,
        errors: [{ key: "INVALID_VALUE", params: { paramName0: "billPays[1].amount" } }],
      });
      expect(bill.toV2(await engine.get(bill, String(bills[0])))).toMatchObject({ scheduledAmount: 0 });
    });
  });
});
