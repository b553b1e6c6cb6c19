/**
 * The invoice actions besides the generic resource routes (docs/bill-v3-resources.md section
 * 11.4): `POST /v3/invoices/record-payment`, `/{invoiceId}/email`, `/{invoiceId}/payment-link`.
 * Organization sessions; the invoice writers act (403 BDC_9004 for the others).
 */
import type { FastifyRequest } from "fastify";
import { type TSchema, Type } from "typebox";
import type { AuthDeps } from "../auth/context.ts";
import { ApiError } from "../errors.ts";
import { sessionOf } from "../http/context.ts";
import { idempotentCreate } from "../http/idempotent.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import type { App } from "../http/types.ts";
import {
  paymentLink,
  RecordedPaymentSchema,
  recordPayment,
  sendInvoice,
} from "../resources/ar/invoice-actions.ts";
import { invoices } from "../resources/ar/invoices.ts";
import { mayWrite, type ResourceScope } from "../resources/engine.ts";

export function registerInvoiceRoutes(app: App, deps: AuthDeps): void {
  const config = { auth: "session" as const };
  const answer = (schema: TSchema) => ({
    schema: { response: { 200: schema, "4xx": ErrorResponse } },
    config,
  });
  const writer = async (request: FastifyRequest): Promise<ResourceScope> => {
    const session = sessionOf(request);
    const scope = { organizationId: session.organizationId, userId: session.userId };
    if (!(await mayWrite(deps, scope, invoices))) throw new ApiError("INSUFFICIENT_PERMISSIONS");
    return scope;
  };
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.post("/connect/v3/invoices/record-payment", answer(RecordedPaymentSchema), async (request, reply) => {
    const scope = await writer(request);
    const body = jsonObjectBody(request);
    const session = sessionOf(request);
    const create = {
      caller: `org:${session.devKeyId}:${session.organizationId}`,
      route: "POST /v3/invoices/record-payment",
      body,
      status: 200,
    };
    return idempotentCreate(deps, request, reply, create, async () =>
      resultValue(await recordPayment(deps, scope, body)),
    );
  });

  app.post("/connect/v3/invoices/:id/email", answer(Type.Object({})), async (request) => {
    const scope = await writer(request);
    return resultValue(await sendInvoice(deps, scope, idOf(request), jsonObjectBody(request)));
  });

  app.post(
    "/connect/v3/invoices/:id/payment-link",
    answer(Type.Object({ paymentLink: Type.String() })),
    async (request) => {
      const scope = await writer(request);
      const origin = `${request.protocol}://${request.host}`;
      return resultValue(await paymentLink(deps, scope, idOf(request), jsonObjectBody(request), origin));
    },
  );
}
