import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_URL, simulate, startDev, cleanUp, waitFor } from './stack.ts';
import { launchBrowser, skipBrowser } from './browser.ts';

describe.skipIf(skipBrowser)('app-to-app linking from the Ride Hailer app, with Amazon simulated, then ordering a ride', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    const dev = startDev();
    await waitFor(dev, /^Ready\.$/m);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await cleanUp();
    }
  });

  async function press(page: Page, button: string, consent: 'Allow' | 'Deny'): Promise<string> {
    await page.getByRole('button', { name: button }).click();
    await page.getByRole('button', { name: consent }).click();
    await page.waitForURL((url) => url.pathname === '/app/alexa/callback');
    return (await page.locator('main').textContent()) ?? '';
  }

  it('signs in on the app, declines once, links with Alexa, and the skill answers a linked OrderCar', async () => {
    expect(await simulate('OrderCar', 'destination=work')).toContain('Card:  LinkAccount');

    const page = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${SERVICE_URL}/app`);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill('ana-rides');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Hi, Ana' }).isVisible()).resolves.toBe(true);

    // Login with Amazon, declined: nothing changes.
    expect(await press(page, 'Link with Login with Amazon instead', 'Deny')).toContain('You did not allow Alexa to link');
    expect(await simulate('OrderCar', 'destination=work')).toContain('Card:  LinkAccount');

    // The Alexa app URL, allowed: the skill is enabled and the account linked.
    await page.goto(`${SERVICE_URL}/app`);
    await page.getByRole('button', { name: 'Link with Alexa' }).click();
    await expect(page.getByRole('heading', { name: 'Alexa app (simulated)' }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.pathname === '/app/alexa/callback');
    expect(await page.locator('#result').textContent()).toContain('Linked!');
    expect(await page.locator('#alexa-status').textContent()).toBe('Skill: enabled. Account: linked.');

    await page.goto(`${SERVICE_URL}/app`);
    expect(await press(page, 'Check Alexa link status', 'Allow')).toContain('Skill: enabled. Account: linked.');
    await page.close();

    const order = await simulate('OrderCar', 'destination=work');
    expect(order).toContain('default work location, Contoso Tower');
    expect(await simulate('yes')).toContain('Your ride to Contoso Tower is on its way');
  });
});
