import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/errors.ts';
import { loadProject } from '../../../src/cli/project.ts';
import { consoleStart, devPlan, fillVars, placeholdersOf } from '../../../src/cli/dev/plan.ts';
import { tempProject } from './project.ts';

// What `dev` starts, worked out from package.json and the flags before anything starts.

let remove = () => {};
afterEach(() => remove());

function project(section: unknown) {
  const made = tempProject({ 'package.json': { name: 'skill', 'alexa-skill-workers': section } });
  remove = made.remove;
  return loadProject(made.root);
}

const RIDE_HAILER_LIKE = {
  skill: { vars: { PROFILE_URL: '{provider.url}/api/profile' } },
  provider: { worker: { config: 'provider/wrangler.toml', port: 9788, vars: { PUBLIC_URL: '{provider.url}', LOCAL_REDIRECT_URI: '{redirect.url}' } } },
};

const CA = { rootPem: '-----BEGIN CERTIFICATE-----\nROOT\n-----END CERTIFICATE-----\n', chainPem: 'LEAF\nMID\n' };

describe('devPlan', () => {
  it('takes the ports from package.json, the inspectors 1000 above, the state folder default', () => {
    const config = project(RIDE_HAILER_LIKE);
    const plan = devPlan(config, {});
    expect([plan.skill.port, plan.skill.inspectorPort, plan.provider?.port, plan.provider?.inspectorPort]).toEqual([8787, 9787, 9788, 10788]);
    expect(plan.skill.persistTo).toBe(`${config.root}/.alexa-skill-workers/wrangler/skill`);
    expect(plan.provider?.persistTo).toBe(`${config.root}/.alexa-skill-workers/wrangler/provider`);
    expect(plan.caFile).toBe(`${config.root}/.alexa-skill-workers/ca.json`);
    expect(plan.redirectUrl).toBe('http://localhost:8790/callback');
  });

  it('lets every flag move its port, an inspector following its Worker unless given, and --state the folder', () => {
    const plan = devPlan(project(RIDE_HAILER_LIKE), { port: 18787, providerPort: 18788, providerInspectorPort: 20000, redirectPort: 18790, state: '/tmp/elsewhere' });
    expect(plan.ports.map((p) => p.port)).toEqual([18787, 19787, 18788, 20000, 18790]);
    expect(plan.skill.persistTo).toBe('/tmp/elsewhere/wrangler/skill');
    expect(plan.caFile).toBe('/tmp/elsewhere/ca.json');
  });

  it('names, for each port, what listens there and the flag and setting that move it', () => {
    const [skill, , provider] = devPlan(project(RIDE_HAILER_LIKE), {}).ports;
    expect(skill).toEqual({ port: 8787, what: 'the skill', move: 'pass --port (or set alexa-skill-workers.skill.port in package.json)' });
    expect(provider?.move).toBe('pass --provider-port (or set alexa-skill-workers.provider.worker.port in package.json)');
  });

  it("gives the skill the CA vars the kit's verification reads, unless skill.vars names them", () => {
    expect(devPlan(project({}), {}).skill.vars).toEqual({ ALEXA_TRUSTED_ROOTS_PEM: '{ca.root}', ALEXA_DEV_CERT_CHAIN_PEM: '{ca.chain}' });
    const own = devPlan(project({ skill: { vars: { ALEXA_TRUSTED_ROOTS_PEM: 'mine' } } }), {}).skill.vars;
    expect(own.ALEXA_TRUSTED_ROOTS_PEM).toBe('mine');
  });

  it('has no provider when none is configured, and only the skill and redirect ports', () => {
    const plan = devPlan(project({}), {});
    expect(plan.provider).toBeUndefined();
    expect(plan.ports.map((p) => p.what)).toEqual(['the skill', "the skill's inspector", 'the redirect URI of simulate and link']);
  });
});

describe('fillVars', () => {
  it('fills every placeholder, the PEMs on one line with \\n escapes', () => {
    const plan = devPlan(project(RIDE_HAILER_LIKE), { providerPort: 18788 });
    const values = placeholdersOf(plan, CA);
    expect(fillVars({ ...plan.skill.vars, ...plan.provider?.vars }, values, 'where')).toEqual({
      ALEXA_TRUSTED_ROOTS_PEM: '-----BEGIN CERTIFICATE-----\\nROOT\\n-----END CERTIFICATE-----',
      ALEXA_DEV_CERT_CHAIN_PEM: 'LEAF\\nMID',
      PROFILE_URL: 'http://localhost:18788/api/profile',
      PUBLIC_URL: 'http://localhost:18788',
      LOCAL_REDIRECT_URI: 'http://localhost:8790/callback',
    });
  });

  it('leaves text that is not a placeholder alone', () => {
    expect(fillVars({ JSON: '{"a":1}', PLAIN: 'x' }, {}, 'w')).toEqual({ JSON: '{"a":1}', PLAIN: 'x' });
  });

  it.each([
    [{ A: '{skil.url}' }, /^skill\.vars\.A: the placeholder \{skil\.url\} is not one of \{ca\.root\}, .*\{redirect\.url\}$/],
    [{ B: '{provider.url}/x' }, /^skill\.vars\.B: the placeholder \{provider\.url\} has no value here \(no provider is configured\)$/],
  ])('refuses %j in one line naming the var', (vars, message) => {
    const values = placeholdersOf(devPlan(project({}), {}), CA);
    expect(() => fillVars(vars, values, 'skill.vars')).toThrow(CliError);
    expect(() => fillVars(vars, values, 'skill.vars')).toThrow(message);
  });
});

describe('consoleStart', () => {
  it("prints the bare console command when dev runs on the project's own settings, and the console's default address", () => {
    const config = project(RIDE_HAILER_LIKE);
    expect(consoleStart(devPlan(config, {}), {}, config.root)).toEqual({ url: 'http://127.0.0.1:8789/', command: 'npx alexa-skill-workers console' });
  });

  it('passes on every flag that moved the skill, the provider, the redirect URI or the state, so the console talks to this stack', () => {
    const config = project(RIDE_HAILER_LIKE);
    const flags = { port: 18787, providerPort: 18788, redirectPort: 18790, state: '/tmp/else where' };
    expect(consoleStart(devPlan(config, flags), flags, config.root).command)
      .toBe("npx alexa-skill-workers console --url http://localhost:18787/ --provider-url http://localhost:18788 --redirect-uri http://localhost:18790/callback --state '/tmp/else where'");
  });

  it('names a state folder inside the project relative to it', () => {
    const config = project({});
    const flags = { state: `${config.root}/state` };
    expect(consoleStart(devPlan(config, flags), flags, config.root).command).toBe('npx alexa-skill-workers console --state state');
  });
});
