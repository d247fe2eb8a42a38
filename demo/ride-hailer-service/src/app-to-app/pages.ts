/** The Ride Hailer "app", played by pages of the demo service: sign in, link with Alexa, results. */
import { escapeHtml } from '../login-page.ts';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d1f23; }
  main { max-width: 26rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  .card { background: #fff; border-radius: 12px; padding: 1.25rem; box-shadow: 0 1px 3px #0002; margin-bottom: 1rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.35rem; }
  input { width: 100%; box-sizing: border-box; font-size: 1rem; padding: 0.8rem; border: 1px solid #b9bec7; border-radius: 8px; }
  button { width: 100%; font-size: 1.05rem; padding: 0.9rem; border-radius: 8px; border: 0; margin-top: 0.75rem; }
  .primary { background: #0b6bcb; color: #fff; font-weight: 600; }
  .secondary { background: transparent; color: #0b6bcb; }
  .error { background: #fdecea; color: #8a1c11; padding: 0.75rem; border-radius: 8px; }
  .ok { background: #e6f4ea; color: #14532d; padding: 0.75rem; border-radius: 8px; }
  .muted { color: #5b616b; font-size: 0.9rem; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
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
  <p class="muted">Demo users: <code>ana</code> / <code>ana-rides</code>, <code>ben</code> / <code>ben-rides</code>.</p>`);
}

function action(csrf: string, path: string, label: string, kind: 'primary' | 'secondary', via?: string): string {
  const viaField = via ? `<input type="hidden" name="via" value="${escapeHtml(via)}">` : '';
  return `<form method="post" action="${path}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}">${viaField}
      <button class="${kind}" type="submit">${escapeHtml(label)}</button></form>`;
}

/** The signed-in app: link with Alexa (Alexa app URL, or Login with Amazon), check, unlink. */
export function appHomePage(model: { name: string; csrf: string; enabled: boolean }): string {
  const link = model.enabled
    ? `${action(model.csrf, '/app/alexa/link', 'Link with Alexa', 'primary', 'alexa-app')}
    ${action(model.csrf, '/app/alexa/link', 'Link with Login with Amazon instead', 'secondary', 'lwa')}
    ${action(model.csrf, '/app/alexa/status', 'Check Alexa link status', 'secondary', 'lwa')}
    ${action(model.csrf, '/app/alexa/unlink', 'Unlink Alexa', 'secondary', 'lwa')}`
    : '<p class="muted">Linking with Alexa is not configured on this service (README, "App-to-app linking").</p>';
  return page('Ride Hailer app', `<h1>Hi, ${escapeHtml(model.name)}</h1>
  <div class="card"><h2>Alexa</h2>
    <p>Order rides by voice: link your Ride Hailer account with Alexa. You will confirm in the Alexa app.</p>
    ${link}
  </div>
  ${action(model.csrf, '/app/sign-out', 'Sign out', 'secondary')}`);
}

/** The outcome of a linking attempt, a status check or an unlink. */
export function appResultPage(model: { ok: boolean; message: string; detail?: string }): string {
  const detail = model.detail ? `<p id="alexa-status">${escapeHtml(model.detail)}</p>` : '';
  return page('Ride Hailer app', `<h1>Ride Hailer</h1>
  <div class="card"><p id="result" class="${model.ok ? 'ok' : 'error'}" role="${model.ok ? 'status' : 'alert'}">${escapeHtml(model.message)}</p>${detail}
  <p><a href="/app">Back to the app</a></p></div>`);
}
