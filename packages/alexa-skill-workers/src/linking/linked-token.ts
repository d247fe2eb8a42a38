import { tokenOwner, type TokenOwner } from './token-cache.ts';
import { UsageError } from '../core/errors.ts';

/** Only declared: no code outside this module can name the key, so no object literal has the brand. */
declare const brand: unique symbol;

/**
 * An access token that {@link AccountService.resolve} found valid for its owner, in the form
 * {@link AccountService.useToken} takes it: proof, by type and at run time, that a call with the
 * user's token sends a token that was validated, never a string read from a request. Opaque: the
 * token is kept where only this module reads it (not a property, so it is not logged, copied into
 * JSON or compared by a test by accident).
 */
export interface LinkedToken {
  readonly [brand]: 'LinkedToken';
}

const issued = new WeakMap<LinkedToken, { readonly owner: TokenOwner; readonly token: string }>();

/** Wraps a validated `token` of `owner`; called by `AccountService.resolve` only. */
export function linkedToken(owner: TokenOwner | string, token: string): LinkedToken {
  const handle = Object.freeze({}) as LinkedToken;
  issued.set(handle, { owner: tokenOwner(owner), token });
  return handle;
}

/**
 * The owner and token of a {@link LinkedToken}.
 * @throws {UsageError} `API_MISUSE` for anything `linkedToken` did not make (a cast, a copy, a value read back
 *   from storage): that is a bug in the caller, never a user's problem.
 */
export function redeemLinkedToken(handle: LinkedToken): { readonly owner: TokenOwner; readonly token: string } {
  const held = issued.get(handle);
  if (!held) throw new UsageError('useToken takes the linked account that AccountService.resolve returned');
  return held;
}
