/**
 * The base of every error this project throws on purpose. Each subclass carries a stable
 * `code` (a string-literal union) that logs and tests rely on; messages are for people and
 * may change. The mapping from error to HTTP status lives in one place: `packages/alexa-skill-workers/src/respond.ts`.
 */
export abstract class AppError<C extends string = string> extends Error {
  abstract readonly code: C;
  /** Spelled out in each subclass: the deploy bundle is minified without `keep_names`, so class names are not kept. */
  abstract override readonly name: string;
}

/** An error's name for a log line (never its message, which may quote data). */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/**
 * The stable code of an error for logs: an AppError's own code, else `INTERNAL_ERROR`: an error
 * nothing here threw on purpose is a bug, neither the request's fault nor a dependency's.
 */
export function errorCode(error: unknown): string {
  return error instanceof AppError ? (error as AppError<string>).code : 'INTERNAL_ERROR';
}
