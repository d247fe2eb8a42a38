/**
 * `alexa-skill-workers console` driven by Chromium against Ride Hailer's dev stack: typed words,
 * the LinkAccount card, "Link account" through the real provider's sign-in page, the linked answer,
 * and the same in German. With UPDATE_SCREENSHOTS=1 it saves the screenshots docs/console.md shows
 * (docs/images/console-*.png); without, it checks the same and saves nothing.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipBrowser } from './browser.ts';
import { cleanUp, REDIRECT_PREFIX, runKit, SERVICE_URL, STATE, startDev, waitFor } from './stack.ts';

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(import.meta.dirname, '..', 'docs', 'images') : undefined;
const shoot = async (page: Page, name: string) => {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: false });
};

describe.skipIf(skipBrowser)('the console in a real browser, against npm run dev', () => {
  let browser: Browser | undefined;
  let consoleUrl: string;

  beforeAll(async () => {
    const dev = startDev();
    await waitFor(dev, /^Ready\.$/m);
    const running = runKit(['console', '--port', '0', '--json', '--url', 'http://localhost:18787/', '--provider-url', SERVICE_URL, '--redirect-uri', REDIRECT_PREFIX, '--state', STATE]);
    const [line] = await waitFor(running, /^\{"url":"[^"]+"\}$/m);
    consoleUrl = (JSON.parse(line) as { url: string }).url;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await cleanUp();
    }
  });

  it('shows the LinkAccount card, links through the provider\'s sign-in, then answers linked, in English and in German', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(consoleUrl);
    await page.locator('body[data-ready=true]').waitFor();
    const utterance = page.getByLabel('Utterance');
    const lastTurn = () => page.locator('.turn').last();

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
    await shoot(page, 'linked');

    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('Locale').selectOption('de-DE');
    await expect.poll(() => page.locator('#invocation').textContent()).toBe('fahrdienst zentrale');
    await utterance.fill('frage fahrdienst zentrale bring mich zur arbeit');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => lastTurn().locator('.speech').first().textContent())
      .toContain('Dein Ziel ist dein gespeicherter Ort „Arbeit“: Contoso Tower, bezahlt mit Visa ending 4242. Ist das richtig?');
    await shoot(page, 'german');
    await page.close();
  });
});
