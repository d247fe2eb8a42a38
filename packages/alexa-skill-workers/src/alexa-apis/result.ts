import { AlexaApiError, type AlexaApiCode } from './errors.ts';

/**
 * What a helper of the kit got from an Alexa service API: the value (`done`), or why not
 * (`failed`, with the {@link AlexaApiCode}; already logged by the client). The helpers never throw
 * an {@link AlexaApiError}: a skill answers anyway, and `ALEXA_API_FORBIDDEN` is the one to answer
 * with the `AskForPermissionsConsent` card.
 */
export type AlexaApiResult<T> = { readonly kind: 'done'; readonly value: T } | { readonly kind: 'failed'; readonly code: AlexaApiCode };

/**
 * `work`'s value as `done`, an {@link AlexaApiError} as `failed`.
 * @throws anything else `work` throws: a bug, not an API's failure.
 */
export async function settle<T>(work: Promise<T>): Promise<AlexaApiResult<T>> {
  try {
    return { kind: 'done', value: await work };
  } catch (error) {
    if (error instanceof AlexaApiError) return { kind: 'failed', code: error.code };
    throw error;
  }
}
