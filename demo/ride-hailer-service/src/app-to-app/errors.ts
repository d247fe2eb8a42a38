/**
 * What can go wrong in app-to-app linking, each with a stable code, and what the user is told.
 * Amazon: "App-to-App Account Linking (Starting From Your App)", Errors
 * (https://developer.amazon.com/en-US/docs/alexa/account-linking/app-to-app-account-linking-starting-from-your-app.html).
 */
export type AppToAppErrorCode =
  /** The `state` is missing, unknown, expired, used, or belongs to another session (CSRF). */
  | 'STATE_INVALID'
  /** The user declined in the Alexa app or on Login with Amazon (`error=access_denied`). */
  | 'CONSENT_DENIED'
  /** The Alexa app or LWA sent back another OAuth error (RFC 6749 §4.1.2.1). */
  | 'AMAZON_AUTHORIZATION_ERROR'
  /** LWA refused to exchange the Amazon authorization code (RFC 6749 §5.2). */
  | 'LWA_TOKEN_REFUSED'
  /** The Alexa API endpoint lookup failed or named no endpoint this service trusts. */
  | 'ENDPOINT_LOOKUP_FAILED'
  /** The Skill Enablement API answered an error status. */
  | 'ENABLEMENT_REFUSED'
  /** Amazon did not answer in time, or answered something that is not the documented JSON. */
  | 'AMAZON_UNAVAILABLE';

/** An app-to-app failure. `status` is Amazon's HTTP status when Amazon answered one. */
export class AppToAppError extends Error {
  override readonly name = 'AppToAppError';
  constructor(
    readonly code: AppToAppErrorCode,
    readonly detail: { status?: number; amazonCode?: string } = {},
    options?: ErrorOptions,
  ) {
    super(code, options);
  }
}

/** The Skill Enablement API's error statuses, in words a user can act on. */
function enablementMessage(status: number | undefined): string {
  switch (status) {
    case 400:
      return 'Alexa could not link your Ride Hailer account. Try again; if it keeps failing, link from the Alexa app instead.';
    case 401:
      return 'Your Amazon sign-in expired before linking finished. Try again.';
    case 403:
      return 'Your Amazon account is not allowed to enable the Ride Hailer skill (it may not be available in your country yet).';
    case 404:
      return 'The Ride Hailer skill was not found for your Amazon account.';
    case 409:
      return 'Alexa is busy with another change to this skill for your account. Wait a moment and try again.';
    case 429:
      return 'Too many attempts. Wait a minute and try again.';
    default:
      return 'Alexa is not answering right now. Try again later.';
  }
}

/** What the app shows for an error: never Amazon's raw message, never a token or code. */
export function userMessage(error: AppToAppError): string {
  switch (error.code) {
    case 'STATE_INVALID':
      return 'This linking attempt is no longer valid. Start again from the Ride Hailer app.';
    case 'CONSENT_DENIED':
      return 'You did not allow Alexa to link. Nothing was changed.';
    case 'AMAZON_AUTHORIZATION_ERROR':
    case 'LWA_TOKEN_REFUSED':
      return 'Amazon could not confirm your sign-in. Try linking again.';
    case 'ENDPOINT_LOOKUP_FAILED':
      return 'Alexa could not find where your Amazon account is registered. Try again later.';
    case 'ENABLEMENT_REFUSED':
      return enablementMessage(error.detail.status);
    case 'AMAZON_UNAVAILABLE':
      return 'Alexa is not answering right now. Try again later.';
  }
}
