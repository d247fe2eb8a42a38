import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ENV, REDIRECT_PREFIX, SERVICE_URL, runSimulator, simulate, startDev, cleanUp, waitFor } from './stack.ts';
import { launchBrowser, skipBrowser } from './browser.ts';

describe.skipIf(skipBrowser)('linking an account in a real browser, then ordering a ride with the simulator', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    // The implicit grant on too (docs/linking/implicit-grant.md): the code grant works the same beside it.
    const dev = startDev({ ...E2E_ENV, ALLOW_IMPLICIT_GRANT: 'true' });
    await waitFor(dev, /^Ready\.$/m);
    browser = await launchBrowser();
  });

  // Runs even when a test or beforeAll failed, and stops the stack even if it has already exited.
  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await cleanUp();
    }
  });

  it('signs in as a demo user, consents, and the linked OrderCar uses that user\'s work location', async () => {
    expect(await simulate('OrderCar', 'destination=work')).toContain('Card:  LinkAccount');

    const linking = runSimulator(['link']);
    const [, loginUrl] = await waitFor(linking, /^LOGIN_URL (\S+)$/m);
    const page = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(loginUrl!);
    await expect(page.getByRole('heading', { name: 'Sign in to Ride Hailer' }).isVisible()).resolves.toBe(true);

    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill('wrong-password');
    const refused = page.waitForResponse((r) => r.url().endsWith('/authorize') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Sign in and allow' }).click();
    expect((await refused).status()).toBe(401);
    expect(await page.getByRole('alert').textContent()).toContain("That username and password don't match");

    await page.getByLabel('Password').fill('ana-rides');
    await page.getByRole('button', { name: 'Sign in and allow' }).click();
    await page.waitForURL((url) => url.href.startsWith(REDIRECT_PREFIX));
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    expect(await page.locator('#result').textContent()).toContain('Linked');
    await page.close();

    expect(await linking.exited).toBe(0);
    expect(linking.output).toContain('SkillAccountLinked sent (HTTP 200)');

    const order = await simulate('OrderCar', 'destination=work');
    expect(order).toContain('default work location, Contoso Tower');
    expect(order).toContain('Session: open');
    expect(await simulate('yes')).toContain('Your ride to Contoso Tower is on its way');
  });

  it('speaks the locale the simulator sends: the linked OrderCar and Yes in German, the launch in Japanese', async () => {
    const order = await simulate('--locale', 'de-DE', 'OrderCar', 'destination=work');
    expect(order).toContain('Dein Ziel ist dein gespeicherter Ort „Arbeit“: Contoso Tower, bezahlt mit Visa ending 4242. Ist das richtig?');
    expect(order).toContain('Session: open');
    expect(await simulate('--locale', 'de-DE', 'yes')).toContain('Deine Fahrt zum Ziel Contoso Tower ist unterwegs');

    const launch = await simulate('--locale', 'ja-JP', 'launch');
    expect(launch).toContain('おかえりなさい、Anaさん。');
  });

  it('links with the implicit grant: the token comes back in the fragment, and the page hands it to the simulator', async () => {
    const linking = runSimulator(['link', '--implicit']);
    const [, loginUrl] = await waitFor(linking, /^LOGIN_URL (\S+)$/m);
    expect(new URL(loginUrl!).searchParams.get('response_type')).toBe('token');
    const page = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(loginUrl!);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill('ana-rides');
    await page.getByRole('button', { name: 'Sign in and allow' }).click();
    await page.waitForURL((url) => url.href.startsWith(REDIRECT_PREFIX));
    const back = new URL(page.url());
    expect(back.search).toBe('');
    expect(new URLSearchParams(back.hash.slice(1)).get('token_type')).toBe('Bearer');
    await expect.poll(() => page.locator('#result').textContent()).toContain('Linked');
    await page.close();

    expect(await linking.exited).toBe(0);
    expect(linking.output).toContain('SkillAccountLinked sent (HTTP 200)');
    expect(await simulate('status')).toContain('yes (implicit grant)');
    expect(await simulate('OrderCar', 'destination=work')).toContain('default work location, Contoso Tower');
  });

  it('runs an interactive session, keeping the session between turns like a device', async () => {
    const session = runSimulator();
    session.child.stdin?.end('launch\nstatus\nRideHailerAvailabilityByCity city=new_york\nstatus\nquit\n');
    expect(await session.exited).toBe(0);
    expect(session.output).toContain('Welcome');
    expect(session.output).toMatch(/Session: open[\s\S]*Session: open[\s\S]*services in New York[\s\S]*Session: none/);
  });

  it('refuses a redirect URI that is not registered, before any login form', async () => {
    const client = (await (await fetch(`${SERVICE_URL}/dev/client`)).json()) as { clientId: string };
    const page = await browser!.newPage();
    const url = new URL('/authorize', SERVICE_URL);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: client.clientId, redirect_uri: 'https://evil.example/callback', state: 'x', scope: 'profile',
    }).toString();
    const response = await page.goto(url.href);
    expect(response?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('not valid');
    expect(await page.locator('input[name=password]').count()).toBe(0);
    await page.close();
  });
});
