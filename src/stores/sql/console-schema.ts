/** The tables of BILL's Accountant Console (migration 014-consoles). */

export interface ConsolesTable {
  id: string;
  name: string;
  created_at: number;
}

export interface ConsoleOrganizationsTable {
  console_id: string;
  organization_id: string;
  created_at: number;
}

export interface ConsoleMembersTable {
  console_id: string;
  user_id: string;
  created_at: number;
}

export interface ConsoleTokensTable {
  id: string;
  console_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface ConsoleTables {
  consoles: ConsolesTable;
  console_organizations: ConsoleOrganizationsTable;
  console_members: ConsoleMembersTable;
  console_tokens: ConsoleTokensTable;
}
