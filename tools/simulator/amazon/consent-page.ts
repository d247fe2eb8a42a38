/** The consent screen the Alexa app (or LWA) shows, played in the browser with Allow and Deny buttons. */
import { escapeHtml } from './http.ts';
import type { PendingConsent } from './lwa.ts';

export function consentPage(handle: string, request: PendingConsent, skillName: string, amazonUser: string): string {
  const who = request.via === 'alexa-app' ? 'Alexa app (simulated)' : 'Login with Amazon (simulated)';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(who)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem}
button{width:100%;font-size:1.05rem;padding:.9rem;border-radius:8px;border:0;margin-top:.75rem}
.allow{background:#1a98ff;color:#fff;font-weight:600}.deny{background:transparent;color:#1a98ff}</style></head>
<body>
<h1>${escapeHtml(who)}</h1>
<p>Link <strong>${escapeHtml(skillName)}</strong> with Alexa and enable the skill?</p>
<p>Signed in to Amazon as <code>${escapeHtml(amazonUser)}</code>. You will go back to
<strong>${escapeHtml(new URL(request.redirectUri).host)}</strong>.</p>
<form method="post" action="/consent"><input type="hidden" name="handle" value="${escapeHtml(handle)}">
<button class="allow" name="decision" value="allow">Allow</button>
<button class="deny" name="decision" value="deny">Deny</button></form>
</body></html>`;
}

export function refusedPage(reason: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Amazon (simulated)</title></head>
<body style="font-family:system-ui,sans-serif;max-width:26rem;margin:2rem auto"><h1>Amazon (simulated)</h1>
<p role="alert">This request is not valid: ${escapeHtml(reason)}.</p></body></html>`;
}
