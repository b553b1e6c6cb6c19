/**
 * A vendor's bank account and configuration (docs/bill-v3-resources.md 2.7, 2.8, 8.4, 8.5):
 * `GET|POST|DELETE /v3/vendors/{vendorId}/bank-account`, `GET /v3/vendors/{vendorId}/configuration`
 * and `GET /v3/vendors/configuration/international-payments`. The bank account lives in the
 * vendor record, so each write is one engine transition of one record. Every role reads;
 * ADMINISTRATOR and ACCOUNTANT add and delete (403 BDC_9004).
 */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { AuthDeps } from "../auth/context.ts";
import { ApiError } from "../errors.ts";
import { sessionOf } from "../http/context.ts";
import { idempotentCreate } from "../http/idempotent.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import type { App } from "../http/types.ts";
import {
  addBankAccount,
  bankAccountOfView,
  bankAccountProblems,
  CreateVendorBankAccountBody,
  noBankAccount,
  removeBankAccount,
  VendorBankAccountSchema,
} from "../resources/ap/vendor-bank-account.ts";
import {
  InternationalPaymentsQuery,
  InternationalPaymentsSchema,
  internationalPayments,
  VendorConfigurationSchema,
  vendorConfiguration,
} from "../resources/ap/vendor-configuration.ts";
import { type Vendor, vendors } from "../resources/ap/vendors.ts";
import { getResource, hasRole, type ResourceScope, transitionResource } from "../resources/engine.ts";
import { checkBody, errorsOf } from "../resources/validate.ts";
import type { RoleType } from "../stores/types/organizations.ts";

/** (ours, docs 1.1) Who may add or delete a vendor's bank account. */
export const VENDOR_BANK_ACCOUNT_WRITERS: readonly RoleType[] = ["ADMINISTRATOR", "ACCOUNTANT"];

export function registerVendorBankAccountRoutes(app: App, deps: AuthDeps): void {
  const base = "/connect/v3/vendors";
  const config = { auth: "session" as const };
  const answer = (schema: unknown, status = 200) => ({
    schema: { response: { [status]: schema, "4xx": ErrorResponse } },
    config,
  });
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const scopeOf = async (request: FastifyRequest, write: boolean): Promise<ResourceScope> => {
    const session = sessionOf(request);
    const scope = { organizationId: session.organizationId, userId: session.userId };
    if (write && !(await hasRole(deps, scope, VENDOR_BANK_ACCOUNT_WRITERS))) {
      throw new ApiError("INSUFFICIENT_PERMISSIONS");
    }
    return scope;
  };
  const vendorOf = async (request: FastifyRequest) => {
    const scope = await scopeOf(request, false);
    return resultValue(await getResource(deps, scope.organizationId, vendors, idOf(request))) as Vendor;
  };
  const bankAccountOf = (view: Record<string, unknown>) => {
    const bank = bankAccountOfView(view);
    if (!bank) throw new ApiError(noBankAccount);
    return bank;
  };

  // A fixed path under /vendors/: routed before /vendors/{vendorId} (a static segment wins).
  app.get(
    `${base}/configuration/international-payments`,
    answer(InternationalPaymentsSchema),
    async (request) => {
      await scopeOf(request, false);
      const checked = checkBody(InternationalPaymentsQuery, (request.query ?? {}) as Record<string, unknown>);
      const errors = errorsOf(checked);
      if (errors.length > 0) throw new ApiError(errors);
      const query = checked.value as { country: string; billCurrency: string };
      return internationalPayments(query.country, query.billCurrency);
    },
  );

  app.get(`${base}/:id/configuration`, answer(VendorConfigurationSchema), async (request) =>
    vendorConfiguration(await vendorOf(request)),
  );

  app.get(`${base}/:id/bank-account`, answer(VendorBankAccountSchema), async (request) =>
    bankAccountOf(await vendorOf(request)),
  );

  app.post(`${base}/:id/bank-account`, answer(VendorBankAccountSchema), async (request, reply) => {
    const scope = await scopeOf(request, true);
    const body = jsonObjectBody(request);
    const session = sessionOf(request);
    const create = {
      caller: `org:${session.devKeyId}:${session.organizationId}`,
      route: "POST /v3/vendors/{vendorId}/bank-account",
      context: idOf(request),
      body,
    };
    // BILL answers 200 here, not 201 [PM: "Create a vendor bank account"].
    return idempotentCreate(deps, request, reply, create, async () => {
      const checked = checkBody(CreateVendorBankAccountBody, body);
      const errors = errorsOf(checked);
      if (errors.length > 0) throw new ApiError(errors);
      const input = checked.value as Parameters<typeof addBankAccount>[1];
      const problems = bankAccountProblems(input);
      if (problems.length > 0) throw new ApiError(problems);
      const view = resultValue(
        await transitionResource(deps, scope, vendors, idOf(request), (record) =>
          addBankAccount(record, input),
        ),
      );
      return bankAccountOf(view);
    });
  });

  app.delete(
    `${base}/:id/bank-account`,
    {
      schema: { response: { 204: Type.Null({ description: "No content." }), "4xx": ErrorResponse } },
      config,
    },
    async (request, reply) => {
      const scope = await scopeOf(request, true);
      resultValue(await transitionResource(deps, scope, vendors, idOf(request), removeBankAccount));
      return reply.code(204).send(null);
    },
  );
}
