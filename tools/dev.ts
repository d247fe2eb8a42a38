/**
 * `npm run dev`: the skill (http://localhost:8787) and the demo Ride Hailer service
 * (http://localhost:8788) together, with local KV for both, wired so that the skill validates
 * tokens against the service and trusts the local development CA the simulator signs with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { loadOrCreateDevCa, oneLine } from './alexa/dev-ca.ts';
import { DEV, redirectUri, serviceUrl, skillUrl } from './dev-config.ts';

if (!existsSync('.dev.vars')) {
  copyFileSync('.dev.vars.example', '.dev.vars');
  console.log('Created .dev.vars from .dev.vars.example.');
}
const ca = await loadOrCreateDevCa(DEV.caFile);

// Lines that only say this machine is offline (wrangler fetches a sample `request.cf`).
const NOISE = ['nodedir', 'Request.cf', 'ENOTFOUND workers.cloudflare.com', 'GetAddrInfoReqWrap'];
const children: ChildProcess[] = [];
let stopping = false;
function stop(): void {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
}

const persistTo = process.env.DEV_PERSIST_TO ?? '.wrangler/state';
function start(name: string, args: string[]): Promise<void> {
  const child = spawn('npx', ['wrangler', 'dev', '--show-interactive-dev-session=false', '--persist-to', persistTo, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim() || NOISE.some((n) => line.includes(n))) continue;
        console.log(`[${name}] ${line}`);
        if (line.includes('Ready on')) resolve();
      }
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', onLine);
    child.on('exit', (code) => {
      reject(new Error(`${name} exited with ${code}`));
      if (!stopping) {
        console.error(`[${name}] stopped (exit ${code}); stopping the other one too.`);
        stop();
        process.exitCode = 1;
      }
    });
  });
}

const service = start('service', [
  '-c', 'demo/ride-hailer-service/wrangler.toml',
  '--port', String(DEV.servicePort),
  '--inspector-port', String(DEV.servicePort + 1000),
  '--var', 'DEV_MODE:true',
  '--var', `PUBLIC_URL:${serviceUrl()}`,
  '--var', `LOCAL_REDIRECT_URI:${redirectUri()}`,
]);
const skill = start('skill', [
  '--port', String(DEV.skillPort),
  '--inspector-port', String(DEV.skillPort + 1000),
  // Wired to the demo service whatever .dev.vars says (run `npx wrangler dev` for your own provider).
  '--var', `OAUTH_USERINFO_URL:${serviceUrl()}/userinfo`,
  '--var', `PROFILE_URL:${serviceUrl()}/api/profile`,
  '--var', `RIDES_URL:${serviceUrl()}/api/rides`,
  '--var', `ALEXA_TRUSTED_ROOTS_PEM:${oneLine(ca.rootPem)}`,
  '--var', `ALEXA_DEV_CERT_CHAIN_PEM:${oneLine(ca.chainPem)}`,
]);

process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  await Promise.all([service, skill]);
} catch (error) {
  console.error(String(error));
  stop();
  process.exit(1);
}
console.log(`
Ready.
  Skill endpoint:        ${skillUrl()}  (trusts the local dev CA in ${DEV.caFile})
  Ride Hailer service:   ${serviceUrl()}  (demo users: ana / ana-rides, ben / ben-rides)

Next, in another terminal:
  npm run simulate -- launch                        talk to the skill
  npm run simulate -- link                          link an account (opens the login page)
  npm run simulate -- OrderCar destination=work     order a ride; then: npm run simulate -- yes
  npm run simulate                                  interactive mode
Press Ctrl+C to stop both.`);
