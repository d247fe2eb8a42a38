/**
 * The console's one page: HTML, its CSS, and its script (app.ts) inlined, so the page needs no
 * other request than the API's, no CDN and no framework.
 */
import { createHash } from 'node:crypto';
import { consoleApp } from './app.ts';

const CSS = `
:root { --ink: #1b1f24; --muted: #5b6673; --line: #d7dde4; --accent: #0a66c2; --good: #137333; --warn: #a15c00; --bad: #b3261e; --bg: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.05rem; margin: 0 1rem 0 0; }
header label { font-size: .85rem; color: var(--muted); display: flex; gap: .3rem; align-items: center; }
#skill { font: 12px ui-monospace, monospace; color: var(--muted); width: 100%; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; padding: 1rem; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
#log { min-height: 12rem; }
.turn { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: .7rem .9rem; margin-bottom: .8rem; }
.you { margin: 0; font-weight: 600; }
.you::before { content: "You: "; color: var(--muted); font-weight: 400; }
.meta, .note { color: var(--muted); font-size: .85rem; margin: .2rem 0; }
.alexa { display: flex; gap: .6rem; align-items: flex-start; background: #eef5fd; border-radius: 8px; padding: .5rem .7rem; margin: .5rem 0; }
.alexa .speech { margin: 0; flex: 1; }
.alexa.reprompt { background: #f3f0fb; }
.error { color: var(--bad); margin: .4rem 0; }
pre, textarea { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre.raw { background: #fff4f2; border: 1px solid #f1c6bf; padding: .5rem; white-space: pre-wrap; word-break: break-all; max-height: 12rem; overflow: auto; }
.card { border: 1px solid var(--line); border-radius: 12px; padding: .8rem 1rem; margin: .6rem 0; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.08); max-width: 26rem; }
.card h3 { margin: 0 0 .4rem; font-size: 1rem; }
.card img { width: 100%; border-radius: 8px; margin-bottom: .4rem; }
.card-LinkAccount { border-top: 4px solid var(--accent); }
.card-AskForPermissionsConsent { border-top: 4px solid var(--warn); }
button { font: inherit; padding: .3rem .7rem; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; margin: .15rem .3rem .15rem 0; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.speak { font-size: .8rem; }
.chip { font-size: .8rem; border-radius: 999px; background: #eef1f5; }
form#say { display: flex; gap: .5rem; margin: .5rem 0; }
form#say input { flex: 1; font: inherit; padding: .5rem .7rem; border: 1px solid var(--line); border-radius: 8px; }
.trace summary { cursor: pointer; font-size: .9rem; }
.trace table { border-collapse: collapse; font-size: .8rem; margin: .3rem 0; width: 100%; }
.trace th, .trace td { border-bottom: 1px solid var(--line); padding: .15rem .4rem; text-align: left; }
.good { color: var(--good); } .warn { color: var(--warn); } .mono { font-family: ui-monospace, monospace; font-size: .7rem; word-break: break-all; }
.latency { position: relative; isolation: isolate; font-size: .75rem; color: var(--muted); background: #eef1f5; border-radius: 4px; overflow: hidden; padding: 0 .4rem; margin-top: .4rem; }
.latency .bar { position: absolute; left: 0; top: 0; bottom: 0; background: #c9e3c9; z-index: -1; }
.latency.over .bar { background: #f4c7c3; }
aside section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: .6rem .8rem; margin-bottom: .8rem; }
aside h2 { font-size: .9rem; margin: 0 0 .4rem; }
aside textarea { width: 100%; min-height: 16rem; }
.alexa-api { list-style: none; padding: 0; margin: .4rem 0; font: 12px ui-monospace, monospace; color: var(--muted); }
.alexa-api .bad { color: var(--bad); }
#permissions table { border-collapse: collapse; font-size: .8rem; width: 100%; }
#permissions td, #permissions th { border-bottom: 1px solid var(--line); padding: .15rem .3rem; text-align: left; }
aside pre { max-height: 18rem; overflow: auto; margin: 0; white-space: pre-wrap; word-break: break-word; }
`;

const BODY = `
<header>
  <h1>Alexa console</h1>
  <label>Locale <select id="locale" aria-label="Locale"></select></label>
  <label>Device <select id="device" aria-label="Device"><option value="speaker">Speaker (no screen)</option><option value="screen">With a screen (APL)</option></select></label>
  <label>Speaker <input id="person" aria-label="Recognized speaker" placeholder="(none)" size="8"></label>
  <label>Request <select id="tamper" aria-label="Tamper"><option value="none">signed</option><option value="unsigned">unsigned</option><option value="forged">forged signature</option><option value="stale">stale timestamp</option></select></label>
  <button type="button" id="new-session">New session</button>
  <button type="button" id="end-session">End session</button>
  <button type="button" id="unlink">Unlink</button>
  <button type="button" id="disable">Disable skill</button>
  <span id="linked" role="status"></span>
  <div id="skill"></div>
</header>
<main>
  <div>
    <div id="log" aria-live="polite"></div>
    <form id="say"><input id="utterance" aria-label="Utterance" autocomplete="off" placeholder="e.g. ask … to get me a ride to work"><button type="submit" class="primary">Send</button></form>
    <p class="note">Invocation name: <strong id="invocation"></strong>. Samples (click to edit):</p>
    <div id="samples"></div>
  </div>
  <aside>
    <section><h2>Request sent (edit and resend)</h2><textarea id="request-json" aria-label="Request JSON" spellcheck="false"></textarea><button type="button" id="resend">Resend</button></section>
    <section><h2>Response</h2><pre id="response-json" aria-label="Response JSON"></pre></section>
    <section><h2>Permissions (local Alexa API)</h2><div id="permissions"></div></section>
    <section><h2>Session attributes</h2><pre id="attributes">(no session)</pre></section>
    <section><h2>KV entries of this user</h2><button type="button" id="kv-refresh">Read KV</button><pre id="kv">(the local skill's KV, read with wrangler on request: a few seconds)</pre></section>
  </aside>
</main>`;

const SCRIPT = `(${consoleApp.toString()})();`;
const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The page's Content-Security-Policy: its own script and CSS only (by hash), the API on its own
 * origin, a card's image from anywhere (a skill's cards name HTTPS images), nothing else.
 */
export const CONSOLE_CSP = `default-src 'none'; script-src ${hash(SCRIPT)}; style-src ${hash(CSS)}; connect-src 'self'; img-src https: http: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** The page: the markup, the CSS and {@link consoleApp}'s source, as one document. */
export function consolePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>alexa-skill-workers console</title><style>${CSS}</style></head>
<body>${BODY}
<script type="module">${SCRIPT}</script>
</body></html>`;
}
