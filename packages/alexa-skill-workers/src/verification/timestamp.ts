import { VerificationError } from './errors.ts';

/** Amazon's tolerance for `request.timestamp`, in both directions. */
export const TIMESTAMP_TOLERANCE_MS = 150_000;
/** Skill events (`AlexaSkillEvent.*`) may be delivered late, up to one hour old. */
const SKILL_EVENT_MAX_AGE_MS = 3_600_000;

/**
 * Checks `request.timestamp` against the clock: within 150 s of `now` either way, or for skill
 * events up to one hour in the past (Amazon, "Check the request timestamp"; "Skill events").
 * @throws {VerificationError} `TIMESTAMP_INVALID`, `TIMESTAMP_OUT_OF_WINDOW`
 */
export function checkTimestamp(requestType: string, timestamp: unknown, now: Date): void {
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(at)) throw new VerificationError('TIMESTAMP_INVALID', 'request.timestamp is not a date');
  const maxAge = requestType.startsWith('AlexaSkillEvent.') ? SKILL_EVENT_MAX_AGE_MS : TIMESTAMP_TOLERANCE_MS;
  const age = now.getTime() - at;
  if (age > maxAge || -age > TIMESTAMP_TOLERANCE_MS) {
    throw new VerificationError('TIMESTAMP_OUT_OF_WINDOW', 'request.timestamp is outside the accepted window');
  }
}
