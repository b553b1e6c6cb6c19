/**
 * Records other helpers' resources stand for in these tests. Bank accounts
 * (`/v3/funding-accounts/banks`) are served by another branch: until it lands, a test makes
 * them by writing records straight into the store. This is the one function to swap for the
 * real API (`client.bankAccounts.create` + verify) after the merge.
 */
import { newIdWithPrefix } from "../../src/auth/crypto/ids.ts";
import { BANK_ACCOUNTS } from "../../src/resources/funding/bank-state.ts";
import type { TestServer } from "./helpers.ts";

/** An organization bank account (`bac…`), verified unless `status` says otherwise; answers its id. */
export async function bankAccountOf(
  t: TestServer,
  organizationId: string,
  options: { status?: string; archived?: boolean; nameOnAccount?: string } = {},
): Promise<string> {
  const id = newIdWithPrefix("bac");
  const now = t.clock.now();
  await t.deps.stores.resources.create([
    {
      organizationId,
      kind: BANK_ACCOUNTS,
      id,
      archived: options.archived ?? false,
      data: {
        status: options.status ?? "VERIFIED",
        nameOnAccount: options.nameOnAccount ?? "Happy Music Operating",
        bankName: "Test Bank",
        accountNumber: "1234567890",
        routingNumber: "074000010",
        type: "CHECKING",
      },
      createdAt: now,
      updatedAt: now,
    },
  ]);
  return id;
}
