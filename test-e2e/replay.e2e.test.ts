import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipBrowser } from './browser.ts';
import { E2E_ENV, REDIRECT_PREFIX, SERVICE_URL, STATE, cleanUp, runKit, startDev, waitFor } from './stack.ts';

/**
 * `alexa-skill-workers replay` on the conversation Ride Hailer keeps as a vitest test
 * (test/conversations/order.en-US.json: unlinked, link, order, yes), against the dev stack: the same
 * file passes against the running Workers, its link step signed in to the dev provider in a real
 * browser from the LOGIN_URL replay prints.
 */
describe.skipIf(skipBrowser)('replay of a kept conversation against the dev stack', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    const dev = startDev(E2E_ENV);
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

  // The file's last answer marks the ETA `{{number}}`: the workers tests' fake service answers 7
  // minutes, the demo service dev runs 4 + (rides so far % 6) (demo/ride-hailer-service/src/rides.ts).
  // The file grants the given name (its "permissions"), and replay's own local Alexa API grants
  // exactly that, whatever simulator.json holds: "Done, Ana." and no consent card. Every answer as recorded.
  it('plays order.en-US.json, signing in at its link step: verbatim, exit 0', async () => {
    const file = resolve('test/conversations/order.en-US.json');
    const replay = runKit(['replay', '--json', '--url', 'http://localhost:18787/', '--provider-url', SERVICE_URL, '--redirect-uri', REDIRECT_PREFIX, '--state', STATE, file]);
    const [, loginUrl] = await waitFor(replay, /^LOGIN_URL (\S+)$/m);
    const page = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(loginUrl!);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill('ana-rides');
    await page.getByRole('button', { name: 'Sign in and allow' }).click();
    await page.waitForURL((url) => url.href.startsWith(REDIRECT_PREFIX));
    await page.close();

    const exited = await replay.exited;
    const report = JSON.parse(replay.stdout) as { passed: boolean; steps: { input: string; heard?: string; card?: string }[]; mismatches: { step: number; field: string; expected: string; actual: string }[] };
    expect(report.steps.map((s) => s.input)).toEqual(['say "open ride hailer"', 'say "get me a ride to work"', 'link ana', 'say "ask ride hailer to get me a ride to work"', 'say "yes"']);
    expect(report.steps[1]!.card).toBe('LinkAccount');
    expect(report.steps[3]!.heard).toContain('default work location, Contoso Tower');
    expect(report.steps[4]!.heard).toMatch(/^Done, Ana\. Your ride to Contoso Tower is on its way and should arrive in about \d+ minutes\.$/);
    expect(report.steps[4]!.card).toBe('none');
    expect(report.mismatches).toEqual([]);
    expect(report.passed).toBe(true);
    expect(exited).toBe(0);
  });
});
