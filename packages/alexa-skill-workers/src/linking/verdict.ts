import { LinkingError } from './errors.ts';

/**
 * Waits for two steps that ask about the same token at once (the rest of its validation and the
 * profile load) and settles on the strongest verdict, not the first rejection: a `TOKEN_INVALID`
 * wins as soon as either step says so (the user must link again, whatever the other step does);
 * otherwise, once both settled, an error that is not a `LinkingError` (a bug: never called an
 * outage) beats `PROVIDER_UNAVAILABLE`. Both values when both succeeded.
 * @throws the strongest failure, as it was thrown
 */
export function bothOrStrongest<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  return new Promise<[A, B]>((resolve, reject) => {
    const values: [A?, B?] = [];
    const failures: unknown[] = [];
    let pending = 2;
    const settled = () => {
      if (--pending > 0) return;
      if (failures.length === 0) resolve(values as [A, B]);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on as the step threw it, never wrapped
      else reject(failures.find((error) => !(error instanceof LinkingError)) ?? failures[0]);
    };
    const fail = (error: unknown) => {
      if (error instanceof LinkingError && error.code === 'TOKEN_INVALID') reject(error);
      failures.push(error);
      settled();
    };
    a.then((value) => {
      values[0] = value;
      settled();
    }, fail);
    b.then((value) => {
      values[1] = value;
      settled();
    }, fail);
  });
}
