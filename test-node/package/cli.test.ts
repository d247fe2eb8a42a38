import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kitDir, root } from './entries.ts';

// The kit's command line as the package's bin runs it (node bin/alexa-skill-workers.js → dist/cli),
// in a folder with no state, no project and no network: help always works, errors are one line.

const BIN = join(kitDir, 'bin/alexa-skill-workers.js');
const empty = mkdtempSync(join(tmpdir(), 'kit-cli-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const cli = (args: string[], cwd = empty) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

describe('alexa-skill-workers', () => {
  it('prints its commands for --help, in a folder with nothing in it', () => {
    const { code, out } = cli(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: alexa-skill-workers <command>/);
    expect(out).toContain('resolve');
  });

  it.each([['new'], ['resolve'], ['dev'], ['simulate'], ['replay'], ['link'], ['unlink'], ['disable'], ['check'], ['certify']])('prints the help of %s with no project, no file and no network', (command) => {
    const { code, out } = cli([command, '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^Usage: alexa-skill-workers ${command}`));
  });

  it.each([
    [['nope'], 2, /^Error: unknown command "nope"/],
    [['resolve', '--bogus'], 2, /^Error: Unknown option '--bogus'.*See: alexa-skill-workers resolve --help$/],
    [['resolve', 'hello'], 1, /^Error: .*package\.json: not found; run this in the skill's folder \(or pass --cwd\)$/],
  ])('refuses %j in one line, exit %i, no stack', (args, code, line) => {
    const result = cli(args);
    expect(result.code).toBe(code);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err.trim()).toMatch(line);
  });

  it("resolves an utterance against Ride Hailer's model to Alexa's request object", () => {
    const { code, out } = cli(['resolve', '--cwd', root, '--json', '--locale', 'en-US', 'ask ride hailer to get me a ride to work']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ type: 'IntentRequest', intent: { name: 'OrderCar', slots: { destination: { value: 'work' } } } });
  });

  it('names the closest samples, once, for words no intent matches in a model without AMAZON.FallbackIntent', () => {
    const models = join(empty, 'kitchen', 'interactionModels', 'custom');
    mkdirSync(models, { recursive: true });
    copyFileSync(join(kitDir, 'test/nlu/fixtures/kitchen.json'), join(models, 'en-US.json'));
    const { code, err } = cli(['resolve', '--model', join(empty, 'kitchen'), 'ask kitchen helper to order pizzas for the moon']);
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/closest samples: /);
    expect(err.match(/closest samples/g)).toHaveLength(1);
  });
});
