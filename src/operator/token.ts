import { hashSecret, newSecret } from "../auth/crypto/ids.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { SettingStore } from "../stores/types/operator.ts";

export const OPERATOR_TOKEN_SETTING = "operator.tokenHash";

export interface OperatorToken {
  /** SHA-256 of the token in force; undefined when the operator API is off. */
  tokenHash: string | undefined;
  /** The token, only when it was generated just now (sandbox, first start): shown once. */
  generated?: string;
}

/**
 * The operator token: the configured one; else, in sandbox mode, one generated on the first
 * start and remembered (as a hash) by the store; else none, and the operator API stays off.
 */
export async function resolveOperatorToken(
  config: Config,
  settings: SettingStore,
  clock: Clock,
): Promise<OperatorToken> {
  if (config.operatorToken !== undefined) return { tokenHash: hashSecret(config.operatorToken) };
  if (config.mode !== "sandbox") return { tokenHash: undefined };
  const saved = await settings.get(OPERATOR_TOKEN_SETTING);
  if (saved) return { tokenHash: saved };
  const generated = newSecret();
  await settings.set(OPERATOR_TOKEN_SETTING, hashSecret(generated), clock.now());
  return { tokenHash: hashSecret(generated), generated };
}
