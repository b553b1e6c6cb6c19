/**
 * The organization's funding accounts: `client.fundingAccounts.banks` on
 * `/v3/funding-accounts/banks` (list, get, create, update, archive, verify). BILL restores no
 * bank account and has no PUT of one: `restore` and `replace` answer 404/405.
 */
import type { RequestOptions } from "../core/api-core.ts";
import { path } from "../core/path.ts";
import type {
  BankAccount,
  CreateBankAccountRequest,
  UpdateBankAccountRequest,
  VerifyBankAccountRequest,
  VerifyBankAccountResponse,
} from "../types.ts";
import { Records } from "./records.ts";
import type { Send } from "./send.ts";

/**
 * Bank accounts. Only an ADMINISTRATOR creates, updates, archives and verifies; a new account
 * is `PENDING` until verified, and only a `VERIFIED` one may be updated, archived or paid from.
 *
 * @example
 * const bank = await client.fundingAccounts.banks.create({
 *   nameOnAccount: "Agatha Ffringe", routingNumber: "074000010", accountNumber: "111222333",
 *   type: "CHECKING", ownerType: "BUSINESS", bankName: "Chase",
 * });
 * const { verified } = await client.fundingAccounts.banks.verify(bank.id, { depositAmount: 0.5 });
 */
export class BankAccounts extends Records<BankAccount, CreateBankAccountRequest, UpdateBankAccountRequest> {
  /**
   * Confirms the test deposit. In a sandbox the deposit is `0.50`; a wrong amount answers
   * `{ verified: false }`, and the third wrong one blocks the account (`status: "BLOCKED"`).
   *
   * @example
   * await client.fundingAccounts.banks.verify(bankAccountId, { depositAmount: 0.5 }); // { verified: true }
   */
  verify(
    id: string,
    params: VerifyBankAccountRequest,
    options?: RequestOptions,
  ): Promise<VerifyBankAccountResponse> {
    return this.send({ method: "POST", path: `${this.base}${path`/${id}/verify`}`, body: params, options });
  }
}

/** `client.fundingAccounts`: the organization's bank accounts. */
export class FundingAccounts {
  /** BILL has no `PUT` of a bank account, nor a restore: the client offers neither. */
  readonly banks: Omit<BankAccounts, "replace" | "restore">;

  constructor(send: Send) {
    this.banks = new BankAccounts(send, "/v3/funding-accounts/banks");
  }
}
