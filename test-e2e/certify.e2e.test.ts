import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp, runKit, SERVICE_URL, STATE, startDev, waitFor } from './stack.ts';

/** The only reasons a check may be skipped against the local stack. */
const ALLOWED_SKIPS = ['local stack is plain http', 'offline'];

describe('npm run certify (alexa-skill-workers certify) against the local stack', () => {
  beforeAll(async () => {
    await waitFor(startDev(), /^Ready\.$/m);
  });

  afterAll(cleanUp);

  it('passes every check; skipped only because the local stack is plain http or this machine is offline', async () => {
    const certify = runKit(['certify', '--url', 'http://localhost:18787/', '--provider-url', SERVICE_URL, '--state', STATE]);
    const code = await certify.exited;
    const lines = certify.output.split('\n');
    expect(certify.output, certify.output).toMatch(/\d+ passed, \d+ failed, \d+ skipped\./);
    expect(lines.filter((l) => l.trimStart().startsWith('✘'))).toEqual([]);
    const reasons = lines.map((l) => l.match(/\(skipped: (.+)\)$/)?.[1]).filter((r): r is string => r !== undefined);
    expect(reasons.filter((r) => !ALLOWED_SKIPS.includes(r))).toEqual([]);
    for (const id of ['endpoint.valid-signature', 'endpoint.wrong-key', 'skill.linking.OrderCar', 'provider.authorize.state', 'provider.refresh']) {
      expect(lines.find((l) => l.includes(`[${id}]`))).toMatch(/^\s+✔/);
    }
    expect(code).toBe(0);
  });
});
