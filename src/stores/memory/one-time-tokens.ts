import { copy } from "./state.ts";

interface OneTimeToken {
  id: string;
  tokenHash: string;
  userId: string;
  expiresAt: number;
  usedAt: number | null;
}

/**
 * What the memory tables of one-time tokens share (invitations, email changes), as
 * sql/one-time-tokens.ts does for SQL: the open token with a hash, using it exactly once,
 * closing all of a user's open ones.
 */
export function memoryOneTimeTokens<T extends OneTimeToken>(table: () => Map<string, T>) {
  const open = (tokenHash: string, now: number) =>
    [...table().values()].find((t) => t.tokenHash === tokenHash && t.usedAt === null && t.expiresAt > now);
  return {
    findOpen: async (tokenHash: string, now: number): Promise<T | undefined> => copy(open(tokenHash, now)),
    async consume(tokenHash: string, now: number): Promise<T | undefined> {
      // Found and marked with no await between: of two racing requests exactly one wins.
      const found = open(tokenHash, now);
      if (!found) return undefined;
      const used = { ...found, usedAt: now };
      table().set(found.id, used);
      return { ...used };
    },
    async closeForUser(userId: string, now: number): Promise<number> {
      let closed = 0;
      for (const token of [...table().values()]) {
        if (token.userId !== userId || token.usedAt !== null) continue;
        table().set(token.id, { ...token, usedAt: now });
        closed += 1;
      }
      return closed;
    },
  };
}
