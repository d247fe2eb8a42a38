/** The Ride Hailer "app", played by pages of the demo service: sign in, link with Alexa, results. */
import { escapeHtml, htmlPage } from '../html-page.ts';
import { DEMO_USERS_HINT } from '../users.ts';

const APP_STYLE = `
  .card { margin-bottom: 1rem; }
  button { margin-top: 0.75rem; }
  .primary { background: #0b6bcb; color: #fff; font-weight: 600; }
  .secondary { background: transparent; color: #0b6bcb; }
  .ok { background: #e6f4ea; color: #14532d; padding: 0.75rem; border-radius: 8px; }`;

function page(title: string, body: string): string {
  return htmlPage(title, body, APP_STYLE);
}

/** The app's sign-in form (the app's own sign-in, not the OAuth consent page Alexa uses). */
export function appSignInPage(error?: string): string {
  const alert = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  return page('Ride Hailer app', `<h1>Ride Hailer</h1>
  <div class="card">${alert}
    <form method="post" action="/app/sign-in">
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" autocapitalize="none" required>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button class="primary" type="submit">Sign in</button>
    </form>
  </div>
  ${DEMO_USERS_HINT}`);
}

function action(csrf: string, path: string, label: string, kind: 'primary' | 'secondary', via?: string): string {
  const viaField = via ? `<input type="hidden" name="via" value="${escapeHtml(via)}">` : '';
  return `<form method="post" action="${path}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}">${viaField}
      <button class="${kind}" type="submit">${escapeHtml(label)}</button></form>`;
}

/** The Ride Hailer account a page is about: its display name and the username it signs in with. */
export interface AppAccount {
  readonly name: string;
  readonly username: string;
}

const accountLine = (account: AppAccount, lead: string, tail = '') =>
  `<p id="account">${lead} <strong>${escapeHtml(account.name)}</strong> (<code>${escapeHtml(account.username)}</code>)${tail}</p>`;

/**
 * The signed-in app: link with Alexa (Alexa app URL, or Login with Amazon), check, unlink. It names
 * the signed-in account beside the buttons: linking gives Alexa that account, so a user who finds
 * someone else's account here (signed in by another site, or on a shared device) sees it first.
 */
export function appHomePage(model: { account: AppAccount; csrf: string; enabled: boolean }): string {
  const link = model.enabled
    ? `${action(model.csrf, '/app/alexa/link', 'Link with Alexa', 'primary', 'alexa-app')}
    ${action(model.csrf, '/app/alexa/link', 'Link with Login with Amazon instead', 'secondary', 'lwa')}
    ${action(model.csrf, '/app/alexa/status', 'Check Alexa link status', 'secondary', 'lwa')}
    ${action(model.csrf, '/app/alexa/unlink', 'Unlink Alexa', 'secondary', 'lwa')}`
    : '<p class="muted">Linking with Alexa is not configured on this service (README, "App-to-app linking").</p>';
  return page('Ride Hailer app', `<h1>Hi, ${escapeHtml(model.account.name)}</h1>
  <div class="card"><h2>Alexa</h2>
    ${accountLine(model.account, 'Signed in as', '. Not you? Sign out below.')}
    <p>Order rides by voice: link this Ride Hailer account with Alexa. You will confirm in the Alexa app.</p>
    ${link}
  </div>
  ${action(model.csrf, '/app/sign-out', 'Sign out', 'secondary')}`);
}

/** The outcome of a linking attempt, a status check or an unlink, naming the account it was for when known. */
export function appResultPage(model: { ok: boolean; message: string; detail?: string; account?: AppAccount | undefined }): string {
  const detail = model.detail ? `<p id="alexa-status">${escapeHtml(model.detail)}</p>` : '';
  const account = model.account ? accountLine(model.account, 'Ride Hailer account') : '';
  return page('Ride Hailer app', `<h1>Ride Hailer</h1>
  <div class="card"><p id="result" class="${model.ok ? 'ok' : 'error'}" role="${model.ok ? 'status' : 'alert'}">${escapeHtml(model.message)}</p>${account}${detail}
  <p><a href="/app">Back to the app</a></p></div>`);
}
