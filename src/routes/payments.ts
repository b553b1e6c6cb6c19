/**
 * BILL's payments (docs/bill-v3-resources.md section 9): `POST /v3/payments`, `/bulk`, list,
 * get, `/cancel`, `/void`, `GET /v3/payments/options`, and `POST /v3/bills/record-payment`.
 * Lists and gets are the payments declaration's, as every resource's; creates are
 * payment-actions.ts (one transaction over the bills they lock). No PATCH, PUT, archive or
 * restore: BILL has none. Creates honour `X-Idempotent-Key` and need an MFA-trusted session
 * where the organization requires MFA [PM: "Creating a payment requires an MFA-trusted API session"].
 */
import type { FastifyRequest } from "fastify";
import { type Static, type TObject, Type } from "typebox";
import type { AuthDeps } from "../auth/context.ts";
import { ApiError } from "../errors.ts";
import { sessionOf } from "../http/context.ts";
import { idempotentCreate } from "../http/idempotent.ts";
import { listAnswer, readListQuery } from "../http/list-query.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import { ListOf } from "../http/schemas/provisioning.ts";
import type { App } from "../http/types.ts";
import {
  cancelPayment,
  createPayments,
  type NewPayment,
  paymentOptions,
  voidPayment,
} from "../resources/ap/payment-actions.ts";
import {
  BulkPaymentBody,
  CreatePaymentBody,
  PAYERS,
  PaymentOptionsSchema,
  PaymentSchema,
  payments,
  RecordPaymentBody,
  VoidPaymentBody,
} from "../resources/ap/payments.ts";
import { getResource, listResources, type ResourceScope } from "../resources/engine.ts";
import { checkBody, errorsOf } from "../resources/validate.ts";

// The answers' schemas, typed loosely as the generic routes' are: views are built as records.
const PaymentWire: TObject = PaymentSchema;
const OptionsWire: TObject = PaymentOptionsSchema;
const BulkWire: TObject = Type.Object({ payments: Type.Array(PaymentSchema) });
const ListWire: TObject = ListOf(PaymentSchema);

const asCreated = (status: number, schema: TObject) => ({
  schema: { response: { [status]: schema, "4xx": ErrorResponse } },
});

export function registerPaymentRoutes(app: App, deps: AuthDeps): void {
  const base = "/connect/v3/payments";
  const config = { auth: "session" as const };
  const payConfig = { auth: "session" as const, mfaProtected: true };
  const one = { ...asCreated(200, PaymentWire), config };
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  const scopeOf = async (request: FastifyRequest, access: "read" | "pay"): Promise<ResourceScope> => {
    const session = sessionOf(request);
    const scope = { organizationId: session.organizationId, userId: session.userId };
    if (access === "pay") {
      const member = await deps.stores.memberships.findMember(scope.organizationId, scope.userId);
      if (!member || member.archived || !PAYERS.includes(member.roleType)) {
        throw new ApiError("INSUFFICIENT_PERMISSIONS");
      }
    }
    return scope;
  };
  const callerOf = (request: FastifyRequest) => {
    const session = sessionOf(request);
    return `org:${session.devKeyId}:${session.organizationId}`;
  };
  const valid = <T>(schema: TObject, body: Record<string, unknown>): T => {
    const checked = checkBody(schema, body);
    const errors = errorsOf(checked);
    if (errors.length > 0) throw new ApiError(errors);
    return checked.value as T;
  };
  const single = { at: (_: number, field: string) => field, vendor: "vendorId" };
  const many = { at: (i: number, field: string) => `payments[${i}].${field}`, vendor: "vendorId" };

  app.get(base, { ...asCreated(200, ListWire), config }, async (request) => {
    const scope = await scopeOf(request, "read");
    const { list: name, query } = readListQuery(request, payments);
    return listAnswer(name, await listResources(deps, scope.organizationId, payments, query));
  });

  app.post(base, { ...asCreated(201, PaymentWire), config: payConfig }, async (request, reply) => {
    const scope = await scopeOf(request, "pay");
    const body = jsonObjectBody(request);
    const create = { caller: callerOf(request), route: "POST /v3/payments", body, status: 201 };
    return idempotentCreate(deps, request, reply, create, async () => {
      const input = valid<Static<typeof CreatePaymentBody>>(CreatePaymentBody, body);
      // (ours) createBill (a payment that makes its own bill) is not served.
      if (input.processingOptions?.createBill) {
        throw new ApiError({ key: "INVALID_VALUE", params: { paramName0: "processingOptions.createBill" } });
      }
      const request_: NewPayment = {
        ...(input.vendorId === undefined ? {} : { vendorId: input.vendorId }),
        ...(input.processDate === undefined ? {} : { processDate: input.processDate }),
        lines: [
          {
            billId: input.billId,
            amount: input.amount,
            ...(input.vendorCredits === undefined ? {} : { vendorCredits: input.vendorCredits }),
          },
        ],
        onlinePayment: true,
        fundingAccount: input.fundingAccount,
        ...(input.processingOptions === undefined ? {} : { processingOptions: input.processingOptions }),
        ...(input.description === undefined ? {} : { description: input.description }),
      };
      const [view] = resultValue(await createPayments(deps, scope, [request_], single));
      return view as Record<string, unknown>;
    });
  });

  app.post(`${base}/bulk`, { ...asCreated(201, BulkWire), config: payConfig }, async (request, reply) => {
    const scope = await scopeOf(request, "pay");
    const body = jsonObjectBody(request);
    const create = { caller: callerOf(request), route: "POST /v3/payments/bulk", body, status: 201 };
    return idempotentCreate(deps, request, reply, create, async () => {
      const input = valid<Static<typeof BulkPaymentBody>>(BulkPaymentBody, body);
      if (input.processingOptions?.createBill) {
        throw new ApiError({ key: "INVALID_VALUE", params: { paramName0: "processingOptions.createBill" } });
      }
      // (ours) One payment per bill, in request order; the vendor of each is its bill's.
      const requests: NewPayment[] = input.payments.map((line) => ({
        ...(input.vendorId === undefined ? {} : { vendorId: input.vendorId }),
        ...(input.processDate === undefined ? {} : { processDate: input.processDate }),
        lines: [line],
        onlinePayment: true,
        fundingAccount: input.fundingAccount,
        ...(input.processingOptions === undefined ? {} : { processingOptions: input.processingOptions }),
        ...(input.description === undefined ? {} : { description: input.description }),
      }));
      return { payments: resultValue(await createPayments(deps, scope, requests, many)) };
    });
  });

  app.get(`${base}/options`, { ...asCreated(200, OptionsWire), config }, async (request) => {
    const scope = await scopeOf(request, "read");
    const query = request.query as Record<string, unknown>;
    const missing = ["vendorId", "amount"].filter((name) => query[name] === undefined || query[name] === "");
    if (missing.length > 0) {
      throw new ApiError(missing.map((name) => ({ key: "MISSING_PARAMETER", params: { paramName0: name } })));
    }
    const text = String(query.amount);
    const amount = Number(text);
    if (!/^\d{1,12}(\.\d{1,2})?$/.test(text) || !(amount > 0)) {
      throw new ApiError({ key: "INVALID_VALUE", params: { paramName0: "amount" } });
    }
    return resultValue(await paymentOptions(deps, scope.organizationId, String(query.vendorId), amount));
  });

  app.get(`${base}/:id`, one, async (request) => {
    const scope = await scopeOf(request, "read");
    return resultValue(await getResource(deps, scope.organizationId, payments, idOf(request)));
  });

  app.post(`${base}/:id/cancel`, one, async (request) => {
    const scope = await scopeOf(request, "pay");
    return resultValue(await cancelPayment(deps, scope, idOf(request)));
  });

  app.post(`${base}/:id/void`, one, async (request) => {
    const scope = await scopeOf(request, "pay");
    // The body is optional: none is `{}`.
    const body = request.body === undefined ? {} : jsonObjectBody(request);
    const input = valid<{ reason?: string; type?: string }>(VoidPaymentBody, body);
    return resultValue(await voidPayment(deps, scope, idOf(request), input));
  });

  app.post("/connect/v3/bills/record-payment", one, async (request, reply) => {
    const scope = await scopeOf(request, "pay");
    const body = jsonObjectBody(request);
    const create = { caller: callerOf(request), route: "POST /v3/bills/record-payment", body, status: 200 };
    return idempotentCreate(deps, request, reply, create, async () => {
      const input = valid<Static<typeof RecordPaymentBody>>(RecordPaymentBody, body);
      // One payment, made outside BILL, over every bill listed [PM: one answer object].
      const recorded: NewPayment = {
        vendorId: input.vendorId,
        processDate: input.processDate,
        lines: input.payments,
        onlinePayment: false,
        toPrintCheck: input.toPrintCheck,
        ...(input.description === undefined ? {} : { description: input.description }),
      };
      const [view] = resultValue(await createPayments(deps, scope, [recorded], many));
      return view as Record<string, unknown>;
    });
  });
}
