/**
 * Accountant Consoles as the operator API and the CLI show them (the same fields both ways):
 * a token is never shown but once, at creation, by the caller.
 */
import type * as Wire from "../../client/src/operator-types.ts";
import type { ConsoleDetails, ConsoleTokenView } from "../auth/accounts/consoles.ts";
import { formatTimestamp } from "../clock.ts";
import type { Console } from "../stores/types/consoles.ts";

export const consoleView = (console: Console): Wire.OperatorConsole => ({
  id: console.id,
  name: console.name,
  createdTime: formatTimestamp(console.createdAt),
});

export const consoleDetailsView = (details: ConsoleDetails): Wire.OperatorConsoleDetails => ({
  ...consoleView(details),
  organizations: details.organizations.map((link) => ({
    organizationId: link.organizationId,
    addedTime: formatTimestamp(link.createdAt),
  })),
  users: details.users.map((member) => ({
    userId: member.userId,
    email: member.email,
    addedTime: formatTimestamp(member.createdAt),
  })),
});

export const consoleTokenView = (token: ConsoleTokenView): Wire.OperatorConsoleToken => ({
  id: token.id,
  consoleId: token.consoleId,
  userId: token.userId,
  name: token.name,
  createdTime: formatTimestamp(token.createdAt),
  revokedTime: token.revokedAt === null ? null : formatTimestamp(token.revokedAt),
});
