/**
 * BILL's Accountant Console (docs/bill-sign-in-modes.md section 5): an accounting firm's
 * console serves client organizations; its users sign in to those organizations with a
 * Console API token in place of a password. A user reaches an organization this way only
 * when the token's console serves it and the user still belongs to that console.
 */

export interface Console {
  /** `0cn…` (ours). */
  id: string;
  name: string;
  createdAt: number;
}

/** A console serving an organization. */
export interface ConsoleOrganization {
  consoleId: string;
  organizationId: string;
  createdAt: number;
}

/** A user belonging to a console, with the user's login email. */
export interface ConsoleMember {
  consoleId: string;
  userId: string;
  email: string;
  createdAt: number;
}

export interface ConsoleToken {
  /** `0ct…` (ours): the public reference, never the token itself. */
  id: string;
  consoleId: string;
  /** The console user it signs in as. */
  userId: string;
  name: string;
  /** SHA-256 of the token; the token is shown once and never stored. */
  tokenHash: string;
  createdAt: number;
  revokedAt: number | null;
}

/** One organization a user reaches through one of their consoles. */
export interface ConsoleReach {
  consoleId: string;
  consoleName: string;
  organizationId: string;
}

export interface ConsoleStore {
  create(console: Console): Promise<void>;
  findById(id: string): Promise<Console | undefined>;
  list(): Promise<Console[]>;
  /** Links the organization; false when it was linked already. */
  addOrganization(link: ConsoleOrganization): Promise<boolean>;
  /** False when it was not linked. */
  removeOrganization(consoleId: string, organizationId: string): Promise<boolean>;
  /** Ordered by (createdAt, organizationId). */
  listOrganizations(consoleId: string): Promise<ConsoleOrganization[]>;
  /** False when the user belonged to it already. */
  addMember(member: Omit<ConsoleMember, "email">): Promise<boolean>;
  removeMember(consoleId: string, userId: string): Promise<boolean>;
  /** Ordered by (createdAt, userId). */
  listMembers(consoleId: string): Promise<ConsoleMember[]>;
  createToken(token: ConsoleToken): Promise<void>;
  findTokenById(id: string): Promise<ConsoleToken | undefined>;
  findTokenByHash(tokenHash: string): Promise<ConsoleToken | undefined>;
  /** Every token of the console, revoked ones included, ordered by (createdAt, id). */
  listTokens(consoleId: string): Promise<ConsoleToken[]>;
  /** False when there is no such token or it was revoked already. */
  revokeToken(id: string, now: number): Promise<boolean>;
  /** Revokes every live token of one user in one console; returns their ids. */
  revokeTokensOf(consoleId: string, userId: string, now: number): Promise<string[]>;
  /** Whether the user belongs to the console and the console serves the organization. */
  reaches(consoleId: string, userId: string, organizationId: string): Promise<boolean>;
  /** Every (console, organization) the user reaches, ordered by (organizationId, consoleId). */
  listReachable(userId: string): Promise<ConsoleReach[]>;
}
