/**
 * Where the simulator (`npm run simulate`) and `npm run certify` find what `npm run dev`
 * (`alexa-skill-workers dev`) started, until they move into the kit's command line: the ports and
 * files, moved with env vars. They must match dev's (package.json "alexa-skill-workers", or dev's
 * flags): the e2e harness (test-e2e/stack.ts) passes both.
 */
import type { DevPort } from 'alexa-skill-workers/cli';

type Env = Record<string, string | undefined>;

function port(env: Env, variable: string, fallback: number): number {
  const raw = env[variable];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${variable} must be a port number (1-65535), not "${raw}".`);
  return value;
}

/** Reads the settings from `env` (the process's environment unless a test passes its own). */
export function devConfig(env: Env = process.env) {
  return {
    skillPort: port(env, 'SKILL_PORT', 8787),
    servicePort: port(env, 'SERVICE_PORT', 8788),
    redirectPort: port(env, 'SIMULATOR_REDIRECT_PORT', 8790),
    /** The simulated Amazon of app-to-app linking (tools/simulator/amazon/dev.ts, dev's extension). */
    amazonPort: port(env, 'SIMULATOR_AMAZON_PORT', 8791),
    /** The certificate URL the simulator names; it must pass the Worker's Amazon URL rules. */
    certUrl: 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem',
  };
}

export type DevConfig = ReturnType<typeof devConfig>;

export const DEV = devConfig();

/** The ports the simulator and the simulated Amazon listen on, what listens there, and the variable that moves it. */
export function devPorts(config: DevConfig = DEV): DevPort[] {
  return [
    { port: config.redirectPort, what: "the simulator's redirect URI", move: 'set SIMULATOR_REDIRECT_PORT' },
    { port: config.amazonPort, what: 'the simulated Amazon', move: 'set SIMULATOR_AMAZON_PORT' },
  ];
}

export const skillUrl = () => `http://localhost:${DEV.skillPort}/`;
export const serviceUrl = () => `http://localhost:${DEV.servicePort}`;
export const redirectUri = () => `http://localhost:${DEV.redirectPort}/callback`;
