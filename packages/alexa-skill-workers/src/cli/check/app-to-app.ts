/**
 * What app-to-app linking (starting from your app) adds to accountLinking.json: `redirectUrls`,
 * the app's redirect URLs ("Your Redirect URLs"). Amazon, step 3
 * (https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step3.html):
 * "App-to-app account linking supports authorization code grant only", and the redirect URLs are
 * https links (universal links / app links, or the website's page) Alexa and LWA send the user to.
 */

/** The part of `accountLinkingRequest` this rule reads. */
export interface AppToAppLinking {
  readonly type?: string;
  readonly redirectUrls?: readonly string[];
}

/** Problems with the app-to-app settings; none when there are no redirect URLs (the flow is off). */
export function appToAppProblems(request: AppToAppLinking | undefined): string[] {
  const urls = request?.redirectUrls ?? [];
  if (urls.length === 0) return [];
  const problems: string[] = [];
  if (request?.type !== 'AUTH_CODE') problems.push(`redirectUrls are set but type is ${String(request?.type)}: app-to-app linking supports the authorization code grant (AUTH_CODE) only`);
  for (const url of urls) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      // reported below
    }
    if (parsed?.protocol !== 'https:') problems.push(`redirect URL ${url} is not an https URL`);
  }
  return problems;
}
