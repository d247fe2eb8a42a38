/**
 * The privacy policy and terms of use the skill's manifest links to (`privacyPolicyUrl`,
 * `termsOfUseUrl`; Amazon requires both for a skill that collects personal information:
 * https://developer.amazon.com/docs/smapi/skill-manifest.html#privacyandcompliance). They describe
 * what this demo service really keeps; a real service replaces them with its own.
 */
import { htmlPage } from './html-page.ts';

const LEGAL_STYLE = `
  body { line-height: 1.5; }
  main { max-width: 40rem; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 1.75rem; }`;

function page(title: string, body: string): string {
  return htmlPage(
    `${title} · Ride Hailer (demo)`,
    `<h1>${title}</h1>
<p class="muted">Ride Hailer is a demonstration service for an Alexa skill. It orders no real cars and charges nothing.</p>
${body}`,
    LEGAL_STYLE,
  );
}

/** GET /privacy */
export const PRIVACY_PAGE = page('Privacy policy', `
<h2>What we keep</h2>
<ul>
  <li><strong>Your demo account</strong>: a fixed demo user (name, saved places, a payment label). Nothing you type creates or changes an account.</li>
  <li><strong>Account linking</strong>: when you link the Ride Hailer skill, we keep the grant and the tokens issued to Alexa. Tokens are stored only as hashes. Access tokens expire after one hour; unlinking or disabling the skill ends their use.</li>
  <li><strong>Rides</strong>: an order's destination and its Idempotency-Key record (as a hash) for 24 hours, so a repeated request does not order twice.</li>
</ul>
<h2>What we do not do</h2>
<ul>
  <li>We do not record your voice; Alexa sends the skill text, not audio.</li>
  <li>We do not sell or share data, show ads, or use analytics or tracking cookies.</li>
</ul>
<h2>What the skill keeps</h2>
<p>The Ride Hailer skill reads your name, saved places and payment label to answer you. It caches them for at most
15 minutes, and remembers the last destination you asked for until you disable the skill. Amazon's handling of your
Alexa data is covered by Amazon's own privacy notice.</p>
<h2>Contact and deletion</h2>
<p>Disable the skill in the Alexa app to unlink it. The demo's stored grants and ride records are deleted when they expire or when the demo is redeployed.</p>
`);

/** GET /terms */
export const TERMS_PAGE = page('Terms of use', `
<h2>A demonstration</h2>
<p>Ride Hailer exists to show how an Alexa skill links an account. No car is dispatched, no payment is taken, and the
places, drivers and arrival times it mentions are made up.</p>
<h2>Demo accounts</h2>
<p>The demo accounts and their passwords are public. Do not enter a password you use anywhere else.</p>
<h2>No warranty</h2>
<p>The service is provided as is, may change or stop at any time, and must not be relied on to get anywhere.</p>
`);
