/**
 * `alexa-skill-workers console` driven by Chromium against Ride Hailer's dev stack: typed words,
 * the LinkAccount card, "Link account" through the real provider's sign-in page, the linked answer
 * with the skill's progressive response on the turn's timeline (the local Alexa API, issue #22), and
 * the same in German; the consent card's Grant, then the rider's name. With UPDATE_SCREENSHOTS=1 it saves the screenshots docs/console.md shows
 * (docs/images/console-*.png); without, it checks the same and saves nothing.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipBrowser } from './browser.ts';
import { cleanUp, expireSimulatorToken, REDIRECT_PREFIX, runKit, SERVICE_URL, STATE, startDev, waitFor } from './stack.ts';

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(import.meta.dirname, '..', 'docs', 'images') : undefined;
const shoot = async (page: Page, name: string) => {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: false });
};

/** The console's URL, once `console --json` printed it. */
async function startConsole(args: string[]): Promise<string> {
  const running = runKit(['console', '--port', '0', '--json', ...args]);
  const [line] = await waitFor(running, /^\{"url":"[^"]+"\}$/m);
  return (JSON.parse(line) as { url: string }).url;
}

/** A page on the console, ready, that records what it would speak (headless Chromium has no voices). */
async function openConsole(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.addInitScript(() => {
    const spoken: string[] = [];
    const violations: string[] = [];
    Object.assign(window, { spoken, violations });
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void spoken.push(`${u.lang}: ${u.text}`);
  });
  await page.goto(url);
  await page.locator('body[data-ready=true]').waitFor();
  return page;
}

async function send(page: Page, words: string): Promise<void> {
  const turns = await page.locator('.turn').count();
  await page.getByLabel('Utterance').fill(words);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => page.locator('.turn').count()).toBe(turns + 1);
}

/**
 * Makes the linked account's access token expire, so the console refreshes it before the next
 * request: written to dev's simulator.json until the console reports it read (the console saves
 * each turn before answering it, so a save of its own cannot write the old value back after).
 */
async function expireToken(consoleUrl: string): Promise<void> {
  await expect.poll(async () => {
    await expireSimulatorToken();
    const info = (await (await fetch(new URL('/api/info', consoleUrl))).json()) as { kept: { linked: { expiresAt: string } | null } };
    return info.kept.linked?.expiresAt;
  }).toBe('1970-01-01T00:00:00.000Z');
}

/** Answers each of Ride Hailer's intents with one kind of card, and AMAZON.HelpIntent with a 500 that is not JSON. */
function cardSkill(): Promise<{ url: string; server: Server }> {
  const IMAGE = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="720" height="240"><rect width="720" height="240" fill="#0a66c2"/></svg>');
  const cards: Record<string, unknown> = {
    LaunchRequest: { type: 'Simple', title: 'Ride Hailer', content: 'Where to?' },
    OrderCar: { type: 'Standard', title: 'Your ride', text: 'A car to Contoso Tower.', image: { smallImageUrl: IMAGE, largeImageUrl: IMAGE } },
    RideHailerAvailabilityByCity: { type: 'AskForPermissionsConsent', permissions: ['alexa::profile:given_name:read'] },
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { request } = JSON.parse(body) as { request: { type: string; intent?: { name: string } } };
      const key = request.intent?.name ?? request.type;
      if (key === 'AMAZON.HelpIntent') return void res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '1.0', response: { outputSpeech: { type: 'PlainText', text: `A ${key} card.` }, card: cards[key], shouldEndSession: false } }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server })));
}

describe.skipIf(skipBrowser)('the console in a real browser, against npm run dev', () => {
  let browser: Browser | undefined;
  let consoleUrl: string;
  let cards: Server | undefined;
  /** The card test's own state folder. */
  const state = mkdtempSync(join(tmpdir(), 'console-cards-'));

  beforeAll(async () => {
    const dev = startDev();
    await waitFor(dev, /^Ready\.$/m);
    consoleUrl = await startConsole(['--url', 'http://localhost:18787/', '--provider-url', SERVICE_URL, '--redirect-uri', REDIRECT_PREFIX, '--state', STATE]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    try {
      cards?.close();
      await browser?.close();
    } finally {
      rmSync(state, { recursive: true, force: true });
      await cleanUp();
    }
  });

  it('shows the LinkAccount card, links through the provider\'s sign-in, then answers linked, in English and in German', async () => {
    const page = await openConsole(browser!, consoleUrl);
    const utterance = page.getByLabel('Utterance');
    const lastTurn = () => page.locator('.turn').last();

    // A sample of the model, clicked, is put in the box to be completed.
    await page.getByRole('button', { name: 'get me a ride to {destination}' }).click();
    expect(await utterance.inputValue()).toBe('get me a ride to {destination}');
    await utterance.fill('ask ride hailer to get me a ride to work');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const card = lastTurn().getByRole('article', { name: 'LinkAccount card' });
    await card.waitFor();
    expect(await lastTurn().locator('.trace summary').textContent()).toBe('NLU: OrderCar ← “get me a ride to {destination}” (model)');
    expect(await lastTurn().locator('.trace td.good').first().textContent()).toBe('ER_SUCCESS_MATCH');
    expect(await page.getByLabel('Request JSON').inputValue()).toContain('"name": "OrderCar"');
    await shoot(page, 'link-card');

    const popup = page.waitForEvent('popup');
    await card.getByRole('button', { name: 'Link account' }).click();
    const signIn = await popup;
    await signIn.getByRole('heading', { name: 'Sign in to Ride Hailer' }).waitFor();
    await signIn.getByLabel('Username').fill('ana');
    await signIn.getByLabel('Password').fill('ana-rides');
    await signIn.getByRole('button', { name: 'Sign in and allow' }).click();
    await signIn.waitForURL((url) => url.href.startsWith(REDIRECT_PREFIX));
    expect(await signIn.locator('#result').textContent()).toContain('Linked');
    await signIn.close();
    await expect.poll(() => page.locator('#linked').textContent()).toMatch(/^Linked \(code grant/);

    await page.getByRole('button', { name: 'New session' }).click();
    await utterance.fill('ask ride hailer to get me a ride to work');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => lastTurn().locator('.speech').first().textContent()).toContain('default work location, Contoso Tower');
    expect(await lastTurn().locator('.meta').last().textContent()).toBe('Session open: waiting for your answer');
    expect(await page.getByLabel('Request JSON').inputValue()).toMatch(/"accessToken": "\(token, \d+ characters\)"/);
    expect(await page.getByLabel('Request JSON').inputValue()).toMatch(/"apiAccessToken": "\(token, \d+ characters\)"/);
    // This user's entries in the skill's KV (read with wrangler from dev's state): the linked
    // token's tok: entry is there, and the token itself never is.
    await page.getByRole('button', { name: 'Read KV' }).click();
    await expect.poll(() => page.locator('#kv').textContent(), { timeout: 60_000 }).toMatch(/^tok:\S+ \(/m);
    const { tokens } = JSON.parse(readFileSync(join(STATE, 'simulator.json'), 'utf8')) as { tokens: { accessToken: string } };
    expect(await page.locator('#kv').textContent()).not.toContain(tokens.accessToken);
    await lastTurn().getByRole('button', { name: 'Speak' }).first().click();
    expect(await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken)).toEqual([
      'en-US: Ordering a ride using your Ride Hailer account. You wanted to go to your default work location, Contoso Tower, paid with your Visa ending 4242, right?',
    ]);
    await shoot(page, 'linked');

    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('Locale').selectOption('de-DE');
    await expect.poll(() => page.locator('#invocation').textContent()).toBe('fahrdienst zentrale');
    await utterance.fill('frage fahrdienst zentrale bring mich zur arbeit');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => lastTurn().locator('.speech').first().textContent())
      .toContain('Dein Ziel ist dein gespeicherter Ort „Arbeit“: Contoso Tower, bezahlt mit Visa ending 4242. Ist das richtig?');
    await shoot(page, 'german');
    // The page's Content-Security-Policy allowed everything it does.
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await page.close();
  });

  it('a linked order with a token new to the skill shows its progressive response; yes without the permission shows the consent card, whose Grant makes the next order say the name (after the link above)', async () => {
    const page = await openConsole(browser!, consoleUrl);
    const lastTurn = () => page.locator('.turn').last();
    await expireToken(consoleUrl);
    await page.getByRole('button', { name: 'New session' }).click();
    await send(page, 'ask ride hailer to get me a ride to work');
    // The console refreshed the token, as Alexa does: new to the skill, which says "one moment" through the local Alexa API while it checks it.
    expect(await lastTurn().getByRole('list', { name: 'Alexa API calls' }).locator('li').allTextContents())
      .toEqual(['Alexa API: POST /v1/directives 204 “One moment, I\'m checking your account.”']);
    expect(await lastTurn().locator('.speech').first().textContent()).toContain('default work location, Contoso Tower');
    await send(page, 'yes');
    const consent = lastTurn().getByRole('article', { name: 'AskForPermissionsConsent card' });
    expect(await consent.locator('li').allTextContents()).toEqual(['alexa::profile:given_name:read']);
    expect(await lastTurn().getByRole('list', { name: 'Alexa API calls' }).locator('li').allTextContents())
      .toContain('Alexa API: GET /v2/accounts/~current/settings/Profile.givenName 403');
    expect(await page.getByRole('checkbox', { name: 'alexa::profile:given_name:read for the account' }).isChecked()).toBe(false);
    // skill.json declares alexa::person_id:read too, which the local Alexa API does not answer: no box for it.
    expect(await page.locator('#permissions tr', { hasText: 'alexa::person_id:read' }).textContent()).toContain('not served locally');
    await consent.getByRole('button', { name: 'Grant' }).click();
    await page.getByText('Granted alexa::profile:given_name:read for the account.').waitFor();
    await expect.poll(() => page.getByRole('checkbox', { name: 'alexa::profile:given_name:read for the account' }).isChecked()).toBe(true);
    await send(page, 'ask ride hailer to get me a ride to work');
    await send(page, 'yes');
    expect(await lastTurn().locator('.speech').first().textContent()).toMatch(/^Done, Alex\. Your ride to Contoso Tower is on its way/);
    expect(await lastTurn().getByRole('article', { name: 'AskForPermissionsConsent card' }).count()).toBe(0);
    expect(await lastTurn().getByRole('list', { name: 'Alexa API calls' }).locator('li').allTextContents())
      .toContain('Alexa API: GET /v2/accounts/~current/settings/Profile.givenName 200');
    await shoot(page, 'alexa-api');
    // Unticked, the next order asks for consent again.
    await page.getByRole('checkbox', { name: 'alexa::profile:given_name:read for the account' }).uncheck();
    await expect.poll(() => page.getByRole('checkbox', { name: 'alexa::profile:given_name:read for the account' }).isChecked()).toBe(false);
    await send(page, 'ask ride hailer to get me a ride to work');
    await send(page, 'yes');
    await lastTurn().getByRole('article', { name: 'AskForPermissionsConsent card' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await page.close();
  });

  it('rehearses certification: an unsigned or forged request, or a stale one, is refused by the skill, and the console goes on', async () => {
    const page = await openConsole(browser!, consoleUrl);
    for (const tamper of ['unsigned', 'forged', 'stale']) {
      await page.getByLabel('Tamper').selectOption(tamper);
      await send(page, 'open ride hailer');
      expect(await page.locator('.turn').last().getByRole('alert').textContent()).toBe('The skill answered HTTP 400:');
    }
    await page.getByLabel('Tamper').selectOption('none');
    await send(page, 'open ride hailer');
    expect(await page.locator('.turn').last().getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('draws Simple, Standard (with its image) and AskForPermissionsConsent cards, and a 500 that is not JSON', async () => {
    const skill = await cardSkill();
    cards = skill.server;
    // A state folder of its own (the other console keeps the dev state), signing with dev's CA.
    copyFileSync(join(STATE, 'ca.json'), join(state, 'ca.json'));
    const page = await openConsole(browser!, await startConsole(['--url', skill.url, '--state', state]));
    await send(page, 'open ride hailer');
    expect(await page.getByRole('article', { name: 'Simple card' }).textContent()).toBe('Ride HailerWhere to?');
    await send(page, 'get me a ride to work');
    const standard = page.getByRole('article', { name: 'Standard card' });
    expect(await standard.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(720);
    expect(await standard.locator('p').textContent()).toBe('A car to Contoso Tower.');
    await send(page, 'is ride hailer available in boston');
    expect(await page.getByRole('article', { name: 'AskForPermissionsConsent card' }).locator('li').allTextContents()).toEqual(['alexa::profile:given_name:read']);
    await shoot(page, 'cards');
    await send(page, 'help');
    const last = page.locator('.turn').last();
    expect(await last.getByRole('alert').textContent()).toBe('The skill answered HTTP 500:');
    expect(await last.locator('pre.raw').textContent()).toBe('<h1>Internal Server Error</h1>');
    await send(page, 'get me a ride to work');
    await page.getByRole('article', { name: 'Standard card' }).last().waitFor();
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await page.close();
  });
});
