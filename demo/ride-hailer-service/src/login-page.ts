import { escapeHtml, htmlPage } from './html-page.ts';
import { DEMO_USERS_HINT } from './users.ts';

/** What the login and consent page shows. Every string from the client is escaped. */
export interface LoginPageModel {
  readonly handle: string;
  readonly clientName: string;
  readonly redirectHost: string;
  readonly scopes: readonly string[];
  readonly error?: string;
  readonly username?: string;
}

/** What each scope lets the client do. A Map: a requested scope named `constructor` is shown as itself. */
const SCOPE_TEXT: ReadonlyMap<string, string> = new Map([
  ['profile', 'See your name, saved places and payment method'],
  ['rides', 'Order rides for you'],
]);


const LOGIN_STYLE = `
  h1 { font-size: 1.5rem; margin: 0.5rem 0 0.25rem; }
  .approve { background: #0b6bcb; color: #fff; font-weight: 600; }
  .deny { background: transparent; color: #0b6bcb; }
  ul { padding-left: 1.2rem; }`;

/**
 * The sign-in and consent page. It opens inside the Alexa app, so it is built for a phone:
 * one column, large touch targets, no scripts, no external assets.
 */
export function loginPage(model: LoginPageModel): string {
  const scopes = model.scopes.map((s) => `<li>${escapeHtml(SCOPE_TEXT.get(s) ?? s)}</li>`).join('');
  const error = model.error ? `<p class="error" role="alert">${escapeHtml(model.error)}</p>` : '';
  return htmlPage('Sign in to Ride Hailer', `  <h1>Sign in to Ride Hailer</h1>
  <p class="muted"><strong>${escapeHtml(model.clientName)}</strong> wants to link to your Ride Hailer account
  and will return you to <strong>${escapeHtml(model.redirectHost)}</strong>.</p>
  <div class="card">
    ${error}
    <p>It will be able to:</p>
    <ul>${scopes}</ul>
    <form method="post" action="/authorize">
      <input type="hidden" name="handle" value="${escapeHtml(model.handle)}">
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" autocapitalize="none" required value="${escapeHtml(model.username ?? '')}">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button class="approve" type="submit" name="action" value="approve">Sign in and allow</button>
    </form>
    <form method="post" action="/authorize">
      <input type="hidden" name="handle" value="${escapeHtml(model.handle)}">
      <button class="deny" type="submit" name="action" value="deny">Cancel</button>
    </form>
  </div>
  ${DEMO_USERS_HINT}`, LOGIN_STYLE);
}

/** A plain page for a request that cannot go on (bad client, foreign redirect URI, expired form). */
export function errorPage(message: string): string {
  return htmlPage('Ride Hailer', `  <h1>Ride Hailer</h1>
  <p class="error" role="alert">${escapeHtml(message)}</p>`);
}
