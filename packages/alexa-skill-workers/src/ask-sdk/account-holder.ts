import type { HandlerInput } from 'ask-sdk-core';
import { sha256Hex } from '../lib/hash.ts';
import { isRecord } from '../lib/json.ts';
import { accountOf } from './skill-context.ts';
import { credentialsOf, type LinkLevel } from './speaker.ts';
import { UsageError } from '../core/errors.ts';

/**
 * Whose linked account serves a request, in a form fit for session attributes: for a skill that
 * offers something on one turn (on the speaker's account) and acts on the next, so it can tell
 * whether the speaker who confirms is the one it made the offer to. Alexa recognizes the speaker
 * of every turn anew, and the token follows the speaker (Amazon, "Use Personalization With or
 * Without Account Linking"): an unrecognized "yes" speaks for the shared account, a recognized
 * one for that person's own.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/personalization-and-account-linking.html
 */
export interface AccountHolder {
  /** Whose link the token is: a recognized person's own, or the Alexa account's (shared). */
  readonly level: LinkLevel;
  /**
   * SHA-256 hex of the link level, the Alexa user ID, the person ID (person level only) and the
   * account the token belongs to in the provider: its `subject`, or the token itself when the
   * provider names none. A different speaker, another Alexa account, or the same speaker after
   * linking another account gives another ID; a refreshed token of the same account does not. No
   * ID or token can be read back from it.
   */
  readonly id: string;
}

const LABEL = 'alexa-skill-workers.account-holder';
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Each account's holder, computed once: kept beside the account object the token cache returns
 * (a warm request's is the same object every time), with the exact text it is the hash of, so a
 * hit needs both the same object and the same level, owner and token or subject. It lives as
 * long as the cache holds the account, and adds no bound of its own.
 */
const holders = new WeakMap<object, { readonly of: string; readonly holder: AccountHolder }>();

/**
 * The {@link AccountHolder} of a request that passed the linking gate (its account resolved once
 * per request, as `linkedProfileOf` reads it).
 * @throws {UsageError} `API_MISUSE` when the request has no linked account (a handler reached without the gate).
 */
export async function accountHolderOf(input: HandlerInput): Promise<AccountHolder> {
  const account = await accountOf(input);
  if (account.kind !== 'linked') throw new UsageError('a handler behind the linking gate was reached without a linked account');
  const { level, owner, token } = credentialsOf(input.requestEnvelope);
  const { subject } = account.account;
  const of = JSON.stringify([LABEL, level, owner.userId, owner.personId ?? null, subject === undefined ? { token } : { subject }]);
  const known = holders.get(account.account);
  if (known?.of === of) return known.holder;
  const holder: AccountHolder = Object.freeze({ level, id: await sha256Hex(of) });
  holders.set(account.account, { of, holder });
  return holder;
}

/** True when `a` and `b` are the same holder (same link level, same ID). */
export function isSameHolder(a: AccountHolder, b: AccountHolder): boolean {
  return a.level === b.level && a.id === b.id;
}

/**
 * An {@link AccountHolder} read back from session attributes (whatever the previous answer, or a
 * body replayed to Alexa, put there): `undefined` unless it has a known level and a SHA-256 hex ID.
 */
export function parseAccountHolder(value: unknown): AccountHolder | undefined {
  if (!isRecord(value)) return undefined;
  const { level, id } = value;
  if (level !== 'person' && level !== 'account') return undefined;
  return typeof id === 'string' && HEX_SHA256.test(id) ? { level, id } : undefined;
}
