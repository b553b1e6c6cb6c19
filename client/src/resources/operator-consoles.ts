/**
 * `operator.consoles`: BILL's Accountant Consoles (as `billet console`, which prints the same):
 * the client organizations each serves, its users and their Console API tokens.
 */
import type { RequestOptions } from "../core/api-core.ts";
import { path } from "../core/path.ts";
import type {
  OperatorConsole,
  OperatorConsoleDetails,
  OperatorConsoleOrganizationAdded,
  OperatorConsoleOrganizationRemoved,
  OperatorConsoleToken,
  OperatorConsoleTokenRevoked,
  OperatorConsoleUserAdded,
  OperatorConsoleUserRemoved,
  OperatorCreatedConsoleToken,
  OperatorResults,
} from "../operator-types.ts";
import type { Send } from "./send.ts";

export class OperatorConsoles {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  async list(options?: RequestOptions): Promise<OperatorConsole[]> {
    return (await this.#send<OperatorResults<OperatorConsole>>({ method: "GET", path: "/consoles", options }))
      .results;
  }

  /** @example const firm = await operator.consoles.create({ name: "Acme CPAs" }); */
  create(input: { name: string }, options?: RequestOptions): Promise<OperatorConsole> {
    return this.#send({ method: "POST", path: "/consoles", body: input, options });
  }

  get(consoleId: string, options?: RequestOptions): Promise<OperatorConsoleDetails> {
    return this.#send({ method: "GET", path: path`/consoles/${consoleId}`, options });
  }

  addOrganization(
    consoleId: string,
    organizationId: string,
    options?: RequestOptions,
  ): Promise<OperatorConsoleOrganizationAdded> {
    return this.#send({
      method: "POST",
      path: path`/consoles/${consoleId}/organizations`,
      body: { organizationId },
      options,
    });
  }

  removeOrganization(
    consoleId: string,
    organizationId: string,
    options?: RequestOptions,
  ): Promise<OperatorConsoleOrganizationRemoved> {
    return this.#send({
      method: "DELETE",
      path: path`/consoles/${consoleId}/organizations/${organizationId}`,
      options,
    });
  }

  addUser(
    consoleId: string,
    input: { email: string; firstName?: string; lastName?: string },
    options?: RequestOptions,
  ): Promise<OperatorConsoleUserAdded> {
    return this.#send({ method: "POST", path: path`/consoles/${consoleId}/users`, body: input, options });
  }

  removeUser(
    consoleId: string,
    userId: string,
    options?: RequestOptions,
  ): Promise<OperatorConsoleUserRemoved> {
    return this.#send({ method: "DELETE", path: path`/consoles/${consoleId}/users/${userId}`, options });
  }

  /** @example const { token } = await operator.consoles.createToken(firm.id, { userId }); // shown once */
  createToken(
    consoleId: string,
    input: { userId: string; name?: string },
    options?: RequestOptions,
  ): Promise<OperatorCreatedConsoleToken> {
    return this.#send({ method: "POST", path: path`/consoles/${consoleId}/tokens`, body: input, options });
  }

  async listTokens(consoleId: string, options?: RequestOptions): Promise<OperatorConsoleToken[]> {
    return (
      await this.#send<OperatorResults<OperatorConsoleToken>>({
        method: "GET",
        path: path`/consoles/${consoleId}/tokens`,
        options,
      })
    ).results;
  }

  /** Revokes the token and ends every session it made. */
  revokeToken(
    consoleId: string,
    tokenId: string,
    options?: RequestOptions,
  ): Promise<OperatorConsoleTokenRevoked> {
    return this.#send({
      method: "POST",
      path: path`/consoles/${consoleId}/tokens/${tokenId}/revoke`,
      options,
    });
  }
}
