/**
 * What an invoice does besides being written (docs/bill-v3-resources.md section 11.4): record a
 * payment received outside BILL and apply it to invoices, send an invoice by e-mail, get its
 * payment link. Each is one domain call; src/routes/invoices.ts only reads the request.
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { type AuthDeps, fail, ok, type Result } from "../../auth/context.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import { createResources, findRecord, type ResourceScope, viewsOf } from "../engine.ts";
import { EMAIL_PATTERN, idOf, oneOf, text } from "../schema-kit.ts";
import { checkBody, errorsOf } from "../validate.ts";
import { type Invoice, invoices } from "./invoices.ts";
import { PAYMENT_TYPES, receivablePayments } from "./receivable-payments.ts";

/** BILL's own example sends amounts as strings (`"amount": "100"`); numbers are taken too. */
const AmountInput = Type.Union([
  Type.Number({ exclusiveMinimum: 0, maximum: 1e12 }),
  Type.String({ pattern: "^\\d{1,12}(\\.\\d{1,2})?$" }),
]);

export const RecordPaymentBody = Type.Object({
  amount: AmountInput,
  customerId: Type.Optional(idOf("0cu")),
  invoices: Type.Array(Type.Object({ id: idOf("00e"), amount: AmountInput }), { minItems: 1, maxItems: 100 }),
  paymentDate: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
  paymentType: oneOf(PAYMENT_TYPES),
  description: Type.Optional(text(0, 4000)),
});

const Str = Type.String();
const Num = Type.Number();

/** The answer of record-payment [PM: "Record AR payment" response]. */
export const RecordedPaymentSchema = Type.Object({
  id: Str,
  customerId: Str,
  paymentType: oneOf(PAYMENT_TYPES),
  paymentDate: Str,
  amount: Num,
  unappliedAmount: Num,
  status: Type.Enum(["PAID"]),
  description: Type.Optional(Str),
  invoices: Type.Array(
    Type.Object({
      id: Str,
      payments: Type.Array(Type.Object({ id: Str, amount: Num, status: Type.Enum(["PAID"]), date: Str })),
    }),
  ),
});

export type RecordedPayment = Static<typeof RecordedPaymentSchema>;

const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });
const failWith = <T>(errors: ErrorItem[]): Result<T> => ({ ok: false, errors });
const amountOf = (value: number | string) => (typeof value === "number" ? value : Number(value));

/**
 * Records a payment and applies it (`POST /v3/invoices/record-payment`): the receivable payment
 * and its applications land together, or nothing does. The customer row is written first inside
 * the transaction, so that two payments for one customer run one after the other and the second
 * sees what the first applied (no invoice is ever paid past its amount).
 */
export async function recordPayment(
  deps: AuthDeps,
  scope: ResourceScope,
  body: Record<string, unknown>,
): Promise<Result<RecordedPayment>> {
  const checked = checkBody(RecordPaymentBody, body);
  const errors = errorsOf(checked);
  if (errors.length > 0) return failWith(errors);
  const input = checked.value as Static<typeof RecordPaymentBody>;
  const zero = [
    ...(amountOf(input.amount) > 0 ? [] : [invalid("amount")]),
    ...input.invoices.flatMap((item, i) =>
      amountOf(item.amount) > 0 ? [] : [invalid(`invoices[${i}].amount`)],
    ),
  ];
  if (zero.length > 0) return failWith(zero);
  const created = await deps.stores.transaction(async (stores) => {
    // Without customerId, the payment is the first invoice's customer's [DP: "The listed invoices must belong to the same customer"].
    let customerId = input.customerId;
    if (customerId === undefined) {
      const first = await findRecord(stores, scope.organizationId, invoices, input.invoices[0]?.id ?? "");
      if (!first.ok) return failWith<Record<string, unknown>[]>([invalid("invoices[0].id")]);
      customerId = String((first.value.data.customer as { id: string }).id);
    }
    const customer = await stores.resources.find(scope.organizationId, "customers", customerId);
    if (customer) await stores.resources.update(customer);
    const stored = {
      customerId,
      paymentDate: input.paymentDate,
      paymentType: input.paymentType,
      amount: amountOf(input.amount),
      ...(input.description === undefined ? {} : { description: input.description }),
      invoicePayments: input.invoices.map((item) => ({ invoiceId: item.id, amount: amountOf(item.amount) })),
    };
    return createResources({ ...deps, stores }, scope, receivablePayments, [stored]);
  });
  if (!created.ok) return created;
  const payment = created.value[0] as unknown as Wire.ReceivablePayment;
  const records = [];
  for (const item of input.invoices) {
    const found = await findRecord(deps.stores, scope.organizationId, invoices, item.id);
    if (found.ok) records.push(found.value);
  }
  const views = (await viewsOf(deps, scope.organizationId, invoices, records)) as Invoice[];
  return ok({
    id: payment.id,
    customerId: payment.customerId,
    paymentType: payment.paymentType,
    paymentDate: payment.paymentDate,
    amount: payment.amount,
    unappliedAmount: payment.unappliedAmount,
    status: payment.status,
    ...(payment.description === undefined ? {} : { description: payment.description }),
    invoices: views.map((view) => ({ id: view.id, payments: view.payments })),
  });
}

export const SendInvoiceBody = Type.Object({
  recipient: Type.Optional(
    Type.Object({
      to: Type.Optional(
        Type.Array(Type.String({ maxLength: 254, pattern: EMAIL_PATTERN }), { minItems: 1, maxItems: 10 }),
      ),
    }),
  ),
  replyTo: Type.Optional(Type.Object({ userId: Type.Optional(idOf("006")) })),
});

const money = (amount: number) => amount.toFixed(2);

/**
 * Sends an invoice (`POST /v3/invoices/{invoiceId}/email`): one e-mail per recipient (the
 * customer's e-mail when `recipient.to` is absent) through the delivery port, purpose
 * `invoice`, so that the operator's outbox or webhook receives it. Answers `{}` (ours).
 */
export async function sendInvoice(
  deps: AuthDeps,
  scope: ResourceScope,
  invoiceId: string,
  body: Record<string, unknown>,
): Promise<Result<Record<string, never>>> {
  const found = await findRecord(deps.stores, scope.organizationId, invoices, invoiceId);
  if (!found.ok) return found;
  const checked = checkBody(SendInvoiceBody, body);
  const errors = errorsOf(checked);
  if (errors.length > 0) return failWith(errors);
  const input = checked.value as Static<typeof SendInvoiceBody>;
  const replyTo = input.replyTo?.userId;
  if (replyTo !== undefined) {
    const member = await deps.stores.memberships.findMember(scope.organizationId, replyTo);
    if (!member || member.archived) return fail("INVALID_VALUE", { paramName0: "replyTo.userId" });
  }
  const [invoice] = (await viewsOf(deps, scope.organizationId, invoices, [found.value])) as Invoice[];
  if (!invoice) return fail("NOT_FOUND", { paramName0: invoiceId });
  const customer = await deps.stores.resources.find(scope.organizationId, "customers", invoice.customerId);
  const to = input.recipient?.to ?? (customer ? [String(customer.data.email)] : []);
  if (to.length === 0) return fail("MISSING_PARAMETER", { paramName0: "recipient.to" });
  const organization = await deps.stores.organizations.findById(scope.organizationId);
  const text =
    `Invoice ${invoice.invoiceNumber} from ${organization?.name ?? scope.organizationId}, ` +
    `dated ${invoice.invoiceDate}: ${money(invoice.totalAmount)}, ${money(invoice.dueAmount)} due by ${invoice.dueDate}.\n` +
    invoice.invoiceLineItems
      .map((line) => `- ${line.description ?? "item"}: ${money(line.amount)}`)
      .join("\n");
  for (const recipient of to) {
    await deps.delivery.send({
      channel: "EMAIL",
      recipient,
      purpose: "invoice",
      text,
      userId: scope.userId,
      organizationId: scope.organizationId,
    });
  }
  return ok({});
}

export const PaymentLinkBody = Type.Object({
  customerId: idOf("0cu"),
  email: Type.String({ maxLength: 254, pattern: EMAIL_PATTERN }),
  returnUrl: Type.Optional(Type.String({ maxLength: 2000, pattern: "^https?://[^\\s]+$" })),
});

/**
 * An invoice's payment link (`POST /v3/invoices/{invoiceId}/payment-link`). (ours) billet takes
 * no money from customers, so the link is inert and deterministic: `<origin>/pay/<invoiceId>`
 * on the server's own origin. It grants nothing and reveals only the id the caller sent;
 * payments are recorded with record-payment.
 */
export async function paymentLink(
  deps: AuthDeps,
  scope: ResourceScope,
  invoiceId: string,
  body: Record<string, unknown>,
  origin: string,
): Promise<Result<{ paymentLink: string }>> {
  const found = await findRecord(deps.stores, scope.organizationId, invoices, invoiceId);
  if (!found.ok) return found;
  const checked = checkBody(PaymentLinkBody, body);
  const errors = errorsOf(checked);
  if (errors.length > 0) return failWith(errors);
  const input = checked.value as Static<typeof PaymentLinkBody>;
  if ((found.value.data.customer as { id: string }).id !== input.customerId) {
    return fail("INVALID_VALUE", { paramName0: "customerId" });
  }
  return ok({ paymentLink: `${origin}/pay/${found.value.id}` });
}

same<Static<typeof RecordPaymentBody>, Wire.RecordInvoicePaymentRequest>(true);
same<RecordedPayment, Wire.RecordedPayment>(true);
same<Static<typeof SendInvoiceBody>, Wire.SendInvoiceRequest>(true);
same<Static<typeof PaymentLinkBody>, Wire.PaymentLinkRequest>(true);
