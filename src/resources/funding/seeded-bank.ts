/**
 * (ours, docs/bill-v3-resources.md 8.6) The bank account every organization made by
 * `billet seed` or the demo account starts with: VERIFIED and the default for payables and
 * receivables, so that payments have something to draw on at once. Its account number is
 * derived from the organization id (BILL asks for different test numbers per organization).
 */
import { createHash } from "node:crypto";
import type { AuthDeps } from "../../auth/context.ts";
import { newIdWithPrefix } from "../../auth/crypto/ids.ts";
import { bankAccounts } from "./banks.ts";

/** BILL's own test routing number ("For testing, enter any valid routing number"). */
export const SEEDED_ROUTING_NUMBER = "074000010";

/** The seeded account's 12-digit number: the same for an organization on every run. */
export function seededAccountNumber(organizationId: string): string {
  const digest = createHash("sha256").update(`billet seeded bank account ${organizationId}`).digest();
  return [...digest.subarray(0, 12)].map((byte) => String(byte % 10)).join("");
}

/** Adds the organization's verified bank account (`createdBy` the user named, if any). Answers its id. */
export async function addSeededBankAccount(
  deps: Pick<AuthDeps, "stores" | "clock">,
  organization: { id: string; name: string },
  createdBy?: string,
): Promise<string> {
  const now = deps.clock.now();
  const id = newIdWithPrefix(bankAccounts.idPrefix);
  await deps.stores.resources.create([
    {
      organizationId: organization.id,
      kind: bankAccounts.name,
      id,
      archived: false,
      data: {
        nameOnAccount: organization.name.slice(0, 100),
        routingNumber: SEEDED_ROUTING_NUMBER,
        accountNumber: seededAccountNumber(organization.id),
        type: "CHECKING",
        ownerType: "BUSINESS",
        bankName: "billet sandbox bank",
        accessToAdmins: true,
        status: "VERIFIED",
        default: { payables: true, receivables: true },
        ...(createdBy === undefined ? {} : { createdBy }),
      },
      createdAt: now,
      updatedAt: now,
    },
  ]);
  return id;
}
