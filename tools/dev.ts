/**
 * `npm run dev`: the skill (http://localhost:8787) and the demo Ride Hailer service
 * (http://localhost:8788) together, with local KV for both, wired so that the skill validates
 * tokens against the service and trusts the local development CA the simulator signs with.
 *
 * Each Worker runs in its own `wrangler dev`, in a process group of its own with a state folder of
 * its own (README, "Two commands"). Every way out (a Worker dying, an error, SIGINT, SIGTERM,
 * SIGHUP) stops both groups, workerd included, before this process exits; so does the parent
 * going away (a supervisor's SIGTERM to `npm` alone stops npm and its shell, not this process),
 * and the end of stdin when DEV_STOP_WITH_PARENT=1 (the e2e harness sets it); see processes/parent.ts.
 */
import { type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadOrCreateDevCa, oneLine } from './alexa/dev-ca.ts';
import { DEV, devPorts, redirectUri, serviceUrl, skillUrl } from './dev-config.ts';
import { killGroupNow, spawnGroup, stopGroup } from './processes/group.ts';
import { onParentGone, onReparented } from './processes/parent.ts';
import { startDevAmazon } from './simulator/amazon/dev.ts';
import { skillIdFromDevVars } from './simulator/dev-vars.ts';
import { firstPortInUse, portInUseMessage } from './processes/ports.ts';

// Process groups still to stop (each wrangler leads one); the exit handler kills what is left.
const groups = new Set<number>();
let stopping: Promise<void> | undefined;
function stopAll(): Promise<void> {
  stopping ??= Promise.all([...groups].map(async (pgid) => {
    await stopGroup(pgid);
    groups.delete(pgid);
  })).then(() => undefined);
  return stopping;
}
async function shutDown(exitCode: number, why?: string): Promise<never> {
  if (why && !stopping) console.error(why);
  await stopAll();
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutDown(130));
process.on('SIGTERM', () => void shutDown(143));
process.on('SIGHUP', () => void shutDown(129));
process.on('uncaughtException', (error) => void shutDown(1, String(error.stack ?? error)));
process.on('unhandledRejection', (reason) => void shutDown(1, String(reason)));
process.on('exit', () => {
  for (const pgid of groups) killGroupNow(pgid);
});
// Whatever started this (npm, its shell) is gone: a supervisor signalled npm alone. 129, as for a hang-up.
onReparented(() => void shutDown(129, 'The process that started npm run dev is gone; stopping both Workers.'));
// Started by the e2e harness: stop with it, however it died (processes/parent.ts).
onParentGone(() => void shutDown(129, 'The process that started npm run dev is gone (stdin closed); stopping both Workers.'));

const busy = await firstPortInUse(devPorts());
if (busy) {
  console.error(portInUseMessage(busy));
  process.exit(1);
}

if (!existsSync('.dev.vars')) {
  copyFileSync('.dev.vars.example', '.dev.vars');
  console.log('Created .dev.vars from .dev.vars.example.');
}
const ca = await loadOrCreateDevCa(DEV.caFile);
// App-to-app linking's Amazon, in this process: it stops with it on every exit path.
const amazon = await startDevAmazon({
  port: DEV.amazonPort, serviceUrl: serviceUrl(), skillUrl: skillUrl(), skillId: skillIdFromDevVars(), certUrl: DEV.certUrl,
  stateFile: DEV.stateFile, ca, log: (line) => console.log(`[amazon] ${line}`),
});

// wrangler's own launcher, run by this Node (npx would add two processes and a shell).
const WRANGLER = join(import.meta.dirname, '..', 'node_modules', 'wrangler', 'bin', 'wrangler.js');
// Lines that only say this machine is offline (wrangler fetches a sample `request.cf`).
const NOISE = ['nodedir', 'Request.cf', 'ENOTFOUND workers.cloudflare.com', 'GetAddrInfoReqWrap'];

function start(name: string, args: string[]): Promise<void> {
  const child: ChildProcess = spawnGroup(
    process.execPath,
    [WRANGLER, 'dev', '--show-interactive-dev-session=false', '--persist-to', join(DEV.persistTo, name), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  if (child.pid === undefined) return Promise.reject(new Error(`${name}: wrangler did not start`));
  groups.add(child.pid);
  console.log(`[${name}] wrangler started, process group ${child.pid}`);
  return new Promise((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      // Whole lines: a chunk can end in the middle of "Ready on".
      createInterface({ input: stream! }).on('line', (line) => {
        if (!line.trim() || NOISE.some((n) => line.includes(n))) return;
        console.log(`[${name}] ${line}`);
        if (line.includes('Ready on')) resolve();
      });
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const why = `[${name}] stopped (${signal ?? `exit ${code}`}); stopping the other one too.`;
      reject(new Error(why));
      void shutDown(1, why);
    });
  });
}

/** Resolves once the Worker answers HTTP (any status): wrangler's "Ready on" comes from its proxy. */
async function answers(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  await response.body?.cancel();
}

const both = Promise.all([
  start('service', [
    '-c', 'demo/ride-hailer-service/wrangler.toml',
    '--port', String(DEV.servicePort),
    '--inspector-port', String(DEV.serviceInspectorPort),
    '--var', 'DEV_MODE:true',
    '--var', `PUBLIC_URL:${serviceUrl()}`,
    '--var', `LOCAL_REDIRECT_URI:${redirectUri()}`,
    // Off unless asked for: `ALLOW_IMPLICIT_GRANT=true npm run dev` (README "Implicit grant").
    '--var', `ALLOW_IMPLICIT_GRANT:${process.env.ALLOW_IMPLICIT_GRANT === 'true' ? 'true' : 'false'}`,
    ...amazon.serviceVars,
  ]).then(() => answers(`${serviceUrl()}/`)),
  start('skill', [
    '--port', String(DEV.skillPort),
    '--inspector-port', String(DEV.skillInspectorPort),
    // Wired to the demo service whatever .dev.vars says (run `npx wrangler dev` for your own provider).
    '--var', `OAUTH_USERINFO_URL:${serviceUrl()}/userinfo`,
    '--var', `PROFILE_URL:${serviceUrl()}/api/profile`,
    '--var', `RIDES_URL:${serviceUrl()}/api/rides`,
    '--var', `ALEXA_TRUSTED_ROOTS_PEM:${oneLine(ca.rootPem)}`,
    '--var', `ALEXA_DEV_CERT_CHAIN_PEM:${oneLine(ca.chainPem)}`,
    // Off unless asked for: `VOICE_ACCOUNT_LINKING=true npm run dev` (README "Linking by voice").
    ...amazon.skillVars,
  ]).then(() => answers(skillUrl())),
]);
await both.catch((error: unknown) => shutDown(1, error instanceof Error ? error.message : String(error)));

console.log(`
Ready.
  Skill endpoint:        ${skillUrl()}  (trusts the local dev CA in ${DEV.caFile})
  Ride Hailer service:   ${serviceUrl()}  (demo users: ana / ana-rides, ben / ben-rides)
  Ride Hailer app:       ${serviceUrl()}/app  (Link with Alexa; Amazon simulated on ${amazon.url})

Next, in another terminal:
  npm run simulate -- launch                        talk to the skill
  npm run simulate -- link                          link an account (opens the login page)
  npm run simulate -- OrderCar destination=work     order a ride; then: npm run simulate -- yes
  npm run simulate                                  interactive mode
Press Ctrl+C to stop both.`);
