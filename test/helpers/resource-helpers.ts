/**
 * Records the resource tests stand on, made through the API as an integration would make
 * them. Bank accounts (`/v3/funding-accounts/banks`): created PENDING, verified with the
 * sandbox's documented deposit (docs/bill-v3-resources.md section 8), archived on request.
 */
import type { BillClient } from "../../client/src/index.ts";

/** The deposit billet's sandbox makes to every new bank account (section 8). */
export const SANDBOX_DEPOSIT = 0.5;

/**
 * A bank account (`bac…`) of the client's organization (the client needs a role that adds
 * bank accounts: ADMINISTRATOR), verified unless `verified: false`; answers its id.
 */
export async function bankAccountOf(
  client: BillClient,
  options: { verified?: boolean; archived?: boolean; nameOnAccount?: string } = {},
): Promise<string> {
  const { id } = await client.fundingAccounts.banks.create({
    nameOnAccount: options.nameOnAccount ?? "Happy Music Operating",
    bankName: "Test Bank",
    accountNumber: "1234567890",
    routingNumber: "074000010",
    type: "CHECKING",
    ownerType: "BUSINESS",
  });
  if (options.verified !== false) {
    const { verified } = await client.fundingAccounts.banks.verify(id, { depositAmount: SANDBOX_DEPOSIT });
    if (!verified) throw new Error("the sandbox deposit did not verify the bank account");
  }
  if (options.archived) await client.fundingAccounts.banks.archive(id);
  return id;
}
