/**
 * `npm run dev` (`alexa-skill-workers dev`) and this harness own every process they start: a busy port is named in one line
 * before anything starts, and no exit path (a Worker dying, a signal, a test that already saw the
 * stack exit) leaves a wrangler or workerd behind holding a port.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstPortInUse, groupAlive, portInUseMessage, STOP_WITH_STDIN_ENV, type DevPort } from 'alexa-skill-workers/cli';
import { devConfig, devPorts } from '../tools/dev-config.ts';
import { findProcesses, wranglerOnPort } from './procs.ts';
import { DEV_ARGS, E2E_ENV, STATE, cleanUp, run, runCommand, runSimulator, startDev, stop, stopAll, waitFor, type Running } from './stack.ts';

const config = devConfig(E2E_ENV);
const set = (setting: string) => `(or set alexa-skill-workers.${setting} in package.json)`;
/** Every port of the stack as DEV_ARGS place them, and how dev's one line says to move it. */
const PORTS: DevPort[] = [
  { port: 18787, what: 'the skill', move: `pass --port ${set('skill.port')}` },
  { port: 19787, what: "the skill's inspector", move: `pass --inspector-port ${set('skill.inspectorPort')}` },
  { port: 18788, what: 'the provider', move: `pass --provider-port ${set('provider.worker.port')}` },
  { port: 19788, what: "the provider's inspector", move: `pass --provider-inspector-port ${set('provider.worker.inspectorPort')}` },
  { port: 18790, what: 'the redirect URI of simulate and link', move: `pass --redirect-port ${set('dev.redirectPort')}` },
  // Ride Hailer's dev extension (tools/simulator/amazon/dev.ts), whose declared port dev checks with its own.
  ...devPorts(config).filter((p) => p.port === config.amazonPort),
];
const persist = STATE;

function occupy(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer().listen(port, '127.0.0.1', () => resolve(server));
  });
}
const release = (server: Server) => new Promise((resolve) => server.close(resolve));

async function startStack(): Promise<Running> {
  const dev = startDev();
  await waitFor(dev, /^Ready\.$/m);
  return dev;
}

/** Nothing of the stack is left: no port held, no wrangler of this test's state folder alive. */
async function expectNothingLeft(): Promise<void> {
  expect(await firstPortInUse(PORTS)).toBeUndefined();
  expect(findProcesses((argv) => argv.some((arg) => arg.startsWith(persist)))).toEqual([]);
}

afterAll(cleanUp);

describe('npm run dev with a port already in use', () => {
  it.each(PORTS)('prints one line naming port $port ($what) and how to move it, and starts nothing', async (busy) => {
    const server = await occupy(busy.port);
    try {
      const dev = startDev();
      expect(await dev.exited).not.toBe(0);
      expect(dev.output.trim()).toBe(`Error: ${portInUseMessage(busy)}`);
      expect(findProcesses((argv) => argv.some((arg) => arg.startsWith(persist)))).toEqual([]);
    } finally {
      await release(server);
    }
  });
});

describe('a running npm run dev', () => {
  let dev: Running;
  beforeAll(async () => {
    dev = await startStack();
  });

  it('keeps each Worker\'s local state in a folder of its own, so their SQLite files are never shared', () => {
    expect(existsSync(join(persist, 'wrangler', 'skill', 'v3'))).toBe(true);
    expect(existsSync(join(persist, 'wrangler', 'provider', 'v3'))).toBe(true);
    expect(existsSync(join(persist, 'wrangler', 'v3'))).toBe(false);
  });

  it('has the simulator name its redirect port and --redirect-uri when that port is busy', async () => {
    const server = await occupy(config.redirectPort);
    try {
      const linking = runSimulator(['link']);
      expect(await linking.exited).not.toBe(0);
      expect(linking.output.trim()).toBe(`Error: port ${config.redirectPort} of the redirect URI http://localhost:${config.redirectPort}/callback is in use: stop what listens there, or pass --redirect-uri with another port (the provider must allow it)`);
    } finally {
      await release(server);
    }
  });

  it('stops the other Worker and leaves no process behind when one Worker dies', async () => {
    const [skillWrangler] = findProcesses(wranglerOnPort(18787));
    expect(skillWrangler).toBeDefined();
    process.kill(skillWrangler!, 'SIGKILL');
    expect(await dev.exited).not.toBe(0);
    await expectNothingLeft();
  });
});

describe('npm run dev -- --json', () => {
  afterEach(stopAll);

  it('prints, once ready, one line of JSON with the URLs on stdout, and nothing else there', async () => {
    const dev = startDev(E2E_ENV, ['--json']);
    await waitFor(dev, /^\{"ready":true.*\}$/m);
    expect(dev.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(dev.stdout)).toEqual({
      ready: true,
      skill: 'http://localhost:18787/',
      provider: 'http://localhost:18788',
      redirect: 'http://localhost:18790/callback',
      amazon: 'http://localhost:18791',
      ca: join(persist, 'ca.json'),
      state: persist,
      console: {
        url: 'http://127.0.0.1:8789/',
        command: `npx alexa-skill-workers console --url http://localhost:18787/ --provider-url http://localhost:18788 --redirect-uri http://localhost:18790/callback --state ${persist}`,
      },
    });
    expect(dev.output).toMatch(/^\[skill\] .*Ready on http:\/\/localhost:18787$/m);
  });
});

describe('npm run dev stopped by a signal', () => {
  afterEach(stopAll);

  it.each(['SIGHUP', 'SIGTERM', 'SIGINT'] as const)('on %s to npm run dev alone, stops both Workers before it exits', async (signal) => {
    const dev = await startStack();
    process.kill(dev.child.pid!, signal);
    expect(await dev.exited).not.toBe(0);
    await expectNothingLeft();
  });
});

/** Waits up to `withinMs` for no port of the stack to be listened on; returns the one still busy, if any. */
async function portBusyAfter(withinMs: number) {
  const deadline = Date.now() + withinMs;
  let busy = await firstPortInUse(PORTS);
  while (busy && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    busy = await firstPortInUse(PORTS);
  }
  return busy;
}

describe('npm run dev under a supervisor that signals npm alone', () => {
  afterEach(stopAll);

  // An editor's task runner, a process manager or a container runtime sends SIGTERM to the process
  // it started, `npm`, and to nothing else: npm and its shell stop, alexa-skill-workers dev must notice.
  it('on SIGTERM to the npm process only, leaves nothing listening on the ports within 5 s', async () => {
    // Without the harness's stdin safety net, which a supervisor does not know of.
    const supervised: NodeJS.ProcessEnv = { ...E2E_ENV };
    delete supervised[STOP_WITH_STDIN_ENV];
    const npm = runCommand('npm', ['run', 'dev', '--', ...DEV_ARGS], supervised);
    await waitFor(npm, /^Ready\.$/m);
    process.kill(npm.child.pid!, 'SIGTERM');
    await npm.exited;
    expect(await portBusyAfter(5_000)).toBeUndefined();
    // alexa-skill-workers dev itself (still in npm's process group) has exited too, and no wrangler is left.
    expect(await aliveAfter([npm.child.pid!], 10_000)).toEqual([]);
    expect(findProcesses((argv) => argv.some((arg) => arg.startsWith(persist)))).toEqual([]);
  });
});

/** The groups still alive after waiting up to `withinMs` for all of them to go. */
async function aliveAfter(pgids: number[], withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  while (pgids.some(groupAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  return pgids.filter(groupAlive);
}

describe('the harness killed by a signal', () => {
  afterEach(stopAll);

  it.each([['SIGKILL', null], ['SIGTERM', 143], ['SIGINT', 130]] as const)(
    'on %s, leaves no wrangler, workerd or waiting simulator behind',
    async (signal, exitCode) => {
      const parent = run('test-e2e/harness-parent.ts');
      await waitFor(parent, /^Started\.$/m);
      const groups = [...parent.output.matchAll(/process group (\d+)/g)].map((m) => Number(m[1]));
      expect(groups).toHaveLength(4); // npm run dev, its two wrangler groups, npm run simulate -- link
      process.kill(parent.child.pid!, signal);
      expect(await parent.exited).toBe(exitCode);
      // Both wrangler groups stop within their 5 s grace, then a SIGKILL; 20 s leaves room on a loaded machine.
      expect(await aliveAfter(groups, 20_000)).toEqual([]);
      expect(await firstPortInUse(PORTS)).toBeUndefined();
    },
  );
});

describe('the harness', () => {
  it('stops a process tree whose leader has already exited', async () => {
    // The leader starts a listener in its own process group, then exits: what npm run dev did when a Worker died.
    const leader = run('-e', [
      `const c = require('node:child_process').spawn(process.execPath, ['-e', "require('node:net').createServer().listen(${config.redirectPort}, '127.0.0.1', () => console.log('listening'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
       c.stdout.once('data', () => process.exit(0));`,
    ]);
    expect(await leader.exited).toBe(0);
    expect(groupAlive(leader.child.pid!)).toBe(true);
    await stop(leader);
    expect(groupAlive(leader.child.pid!)).toBe(false);
    expect(await firstPortInUse(PORTS)).toBeUndefined();
  });
});
