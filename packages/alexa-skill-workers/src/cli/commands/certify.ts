import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { readArgs } from '../args.ts';
import { loadSigningCa } from '../ca.ts';
import { checkEndpoint, type Signer } from '../certify/endpoint.ts';
import { configProblems, OPTIONS, OPTIONS_HELP, parseSettings, type Settings } from '../certify/options.ts';
import { asListed, checkPackage } from '../certify/package.ts';
import { checkProvider, type CodeSource } from '../certify/provider.ts';
import { exitCode, fail, render, type CheckResult } from '../certify/report.ts';
import { checkSkillLinking } from '../certify/skill-linking.ts';
import { statePaths } from '../state.ts';
import type { Command, CommandContext } from '../command.ts';
import { CliError, usage } from '../errors.ts';
import { defaultNet } from '../net.ts';
import { TOKEN_DEADLINE_MS } from '../oauth/token.ts';
import { loadProject, type ProjectConfig } from '../project.ts';

const HELP = `Usage: alexa-skill-workers certify [options]

Checks the skill before submission, as Amazon's certification would: the skill package (every rule
of check, the listing's URLs and icons, the endpoint it names), the endpoint's request verification
(TLS, signature and timestamp negatives), account linking in the skill (each gated intent without or
with an invalid token gets the LinkAccount card), and the OAuth provider (its pages, the token URI,
refresh). Prints ✔ / ✘ / skipped with the reason, grouped by section; exits 1 on any ✘.
Without --endpoint: the local stack of \`dev\`, signing with its local CA and signing in with the
project's certify.testAccount. The client secret only from an environment variable.

Options:
${OPTIONS_HELP}

Example:
  alexa-skill-workers certify
  CERTIFY_CLIENT_SECRET=… alexa-skill-workers certify --endpoint https://my-skill.example.workers.dev/ --vendor-id M1ABCDEF`;

/** Before deploy, a listed URL on one of `localHosts` (a placeholder host) is served by the local provider. */
const locateLocal = (provider: string, localHosts: readonly string[]) => (url: string) => {
  const listed = new URL(url);
  return localHosts.some((h) => listed.hostname.startsWith(h)) ? { fetchUrl: provider + listed.pathname, placeholder: true } : asListed(url);
};

async function ask(authorizeUrl: string): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  console.log(`\nSign in to check the provider: open this page, sign in, and copy the address it sends you to.\n${authorizeUrl}\n`);
  const answer = await rl.question('Paste that address (or just the code; Enter skips): ');
  rl.close();
  return answer || undefined;
}

function codeSource(s: Settings, project: ProjectConfig): CodeSource {
  if (s.local) {
    const account = project.certify.testAccount;
    return account ? { kind: 'form', login: account } : { kind: 'none', reason: 'needs a test account to sign in with: certify.testAccount in package.json' };
  }
  if (s.code) return { kind: 'code', code: s.code, redirectUri: s.redirectUri };
  if (s.prompt && process.stdin.isTTY) return { kind: 'prompt', ask };
  return { kind: 'none', reason: 'needs an authorization code: pass --code, or run in a terminal to sign in' };
}

/** The provider's development client, for the local stack. */
async function devClient(url: string): Promise<{ clientId: string; clientSecret: string }> {
  const response = await fetch(url);
  const body = (await response.json()) as { clientId?: unknown; clientSecret?: unknown };
  if (!response.ok || typeof body.clientId !== 'string' || typeof body.clientSecret !== 'string') throw new Error(`${url} answered ${response.status} with no development client`);
  return { clientId: body.clientId, clientSecret: body.clientSecret };
}

async function run(s: Settings, project: ProjectConfig): Promise<CheckResult[]> {
  const net = defaultNet();
  const now = new Date();
  let signer: Signer | undefined;
  if (s.local) {
    const caFile = statePaths(s.state).ca;
    if (!existsSync(caFile)) throw new CliError(`no local CA at ${caFile}: start the local stack first (\`alexa-skill-workers dev\`, npm run dev)`);
    const ca = await loadSigningCa(s.state);
    signer = { certUrl: ca.certUrl, key: ca.signingKey };
  }
  const policy = project.policy ?? { linkedIntents: [], handledIntents: undefined, recognizedSpeakers: false };
  const locate = s.local ? locateLocal(s.serviceUrl, project.certify.localHosts) : asListed;
  const results = [
    ...(await checkPackage({ root: s.skillPackage, net, local: s.local, endpoint: s.endpoint, locate, policy: { ...policy, localeSlotTypes: project.check.localeSlotTypes } })),
    ...(await checkEndpoint({ url: s.endpoint, skillId: s.skillId, signer, amazonCertUrl: s.amazonCertUrl, now, net })),
    ...(await checkSkillLinking({ url: s.endpoint, skillId: s.skillId, signer, now, net, intents: policy.linkedIntents })),
  ];
  let client = { clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' };
  if (s.local) {
    const path = project.provider?.kind === 'worker' ? project.provider.client : '/dev/client';
    try {
      client = await devClient(`${s.serviceUrl}${path}`);
    } catch (error) {
      return [...results, fail('OAuth provider: authorization URI', 'provider.config', 'account-linking settings are filled in', String(error))];
    }
  }
  return [
    ...results,
    ...(await checkProvider({
      authorizationUrl: s.authorizationUrl, tokenUrl: s.tokenUrl, ...client, scheme: s.scheme, scopes: s.scopes,
      vendorId: s.vendorId, codeSource: codeSource(s, project), net, deadlineMs: TOKEN_DEADLINE_MS, configProblems: configProblems(s), grant: s.grant,
    })),
  ];
}

/** `certify`: the certification checklist as a command (src/cli/certify). */
export const certifyCommand: Command = {
  name: 'certify',
  summary: 'the certification checklist: package, endpoint and TLS, linking in the skill, the OAuth provider',
  help: HELP,
  async run(args, ctx: CommandContext) {
    const { values, positionals } = readArgs('certify', args, OPTIONS);
    if (positionals.length > 0) throw usage(`certify takes no words (${positionals.join(' ')}). See: alexa-skill-workers certify --help`);
    const project = loadProject(ctx.cwd);
    const settings = parseSettings(values, project, process.env);
    if (!ctx.json) ctx.out(`Certification checks against ${settings.local ? 'the local stack' : settings.endpoint}\n`);
    const results = await run(settings, project);
    ctx.out(ctx.json ? JSON.stringify({ ok: exitCode(results) === 0, results }) : render(results));
    return exitCode(results);
  },
};
