/** Where the local pieces listen, and where their files live. Ports can be moved with env vars. */
import type { DevPort } from './processes/ports.ts';

type Env = Record<string, string | undefined>;

function port(env: Env, variable: string, fallback: number): number {
  const raw = env[variable];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${variable} must be a port number (1-65535), not "${raw}".`);
  return value;
}

/** Reads the settings from `env` (the process's environment unless a test passes its own). */
export function devConfig(env: Env = process.env) {
  const skillPort = port(env, 'SKILL_PORT', 8787);
  const servicePort = port(env, 'SERVICE_PORT', 8788);
  return {
    skillPort,
    servicePort,
    // wrangler's inspectors (DevTools); by default 1000 above each Worker's port.
    skillInspectorPort: port(env, 'SKILL_INSPECTOR_PORT', skillPort + 1000),
    serviceInspectorPort: port(env, 'SERVICE_INSPECTOR_PORT', servicePort + 1000),
    redirectPort: port(env, 'SIMULATOR_REDIRECT_PORT', 8790),
    /** The simulated Amazon of app-to-app linking (tools/simulator/amazon/). */
    amazonPort: port(env, 'SIMULATOR_AMAZON_PORT', 8791),
    /** Local KV and other state; each Worker gets a folder of its own below it (see README, "Two commands"). */
    persistTo: env.DEV_PERSIST_TO ?? '.wrangler/state',
    caFile: env.ALEXA_DEV_CA_FILE ?? '.dev/alexa-dev-ca.json',
    stateFile: env.ALEXA_SIMULATOR_STATE ?? '.dev/simulator.json',
    /** The certificate URL the simulator names; it must pass the Worker's Amazon URL rules. */
    certUrl: 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem',
  };
}

export type DevConfig = ReturnType<typeof devConfig>;

export const DEV = devConfig();

/** Every port the local stack listens on, what listens there, and the variable that moves it. */
export function devPorts(config: DevConfig = DEV): DevPort[] {
  return [
    { port: config.skillPort, what: 'the skill', variable: 'SKILL_PORT' },
    { port: config.servicePort, what: 'the demo service', variable: 'SERVICE_PORT' },
    { port: config.skillInspectorPort, what: "the skill's inspector", variable: 'SKILL_INSPECTOR_PORT' },
    { port: config.serviceInspectorPort, what: "the demo service's inspector", variable: 'SERVICE_INSPECTOR_PORT' },
    { port: config.redirectPort, what: "the simulator's redirect URI", variable: 'SIMULATOR_REDIRECT_PORT' },
    { port: config.amazonPort, what: 'the simulated Amazon', variable: 'SIMULATOR_AMAZON_PORT' },
  ];
}

export const skillUrl = () => `http://localhost:${DEV.skillPort}/`;
export const serviceUrl = () => `http://localhost:${DEV.servicePort}`;
export const redirectUri = () => `http://localhost:${DEV.redirectPort}/callback`;
