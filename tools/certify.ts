/**
 * `npm run certify`: the certification checklist as a command. Checks the skill package, the
 * endpoint's request verification, account linking in the skill and the OAuth provider, against
 * the local stack of `npm run dev` by default or a deployed skill (`--endpoint`, see --help).
 * Prints ✔ / ✘ / skipped with the reason, grouped by section; exits 1 on any ✘.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { loadOrCreateDevCa } from 'alexa-skill-workers/cli';
import { checkEndpoint, type Signer } from './certify/endpoint.ts';
import { defaultNet } from './certify/net.ts';
import { configProblems, parseSettings, USAGE, type Settings } from './certify/options.ts';
import { asListed, checkPackage } from './certify/package.ts';
import { checkProvider, type CodeSource } from './certify/provider.ts';
import { exitCode, fail, render, type CheckResult } from './certify/report.ts';
import { checkSkillLinking } from './certify/skill-linking.ts';
import { TOKEN_DEADLINE_MS } from './certify/token.ts';
import { fetchDevClient } from './simulator/link.ts';

/** The demo account for certification testers (demo/ride-hailer-service/src/users.ts). */
const DEMO_ACCOUNT = { username: 'ana', password: 'ana-rides' };

/** The demo service's placeholder host (skill.json before deploy) is served by the local service. */
const locateLocal = (service: string) => (url: string) => {
  const listed = new URL(url);
  return listed.hostname.startsWith('ride-hailer-demo-service.') ? { fetchUrl: service + listed.pathname, placeholder: true } : asListed(url);
};

async function ask(authorizeUrl: string): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  console.log(`\nSign in to check the provider: open this page, sign in, and copy the address it sends you to.\n${authorizeUrl}\n`);
  const answer = await rl.question('Paste that address (or just the code; Enter skips): ');
  rl.close();
  return answer || undefined;
}

function codeSource(s: Settings): CodeSource {
  if (s.local) return { kind: 'form', login: DEMO_ACCOUNT };
  if (s.code) return { kind: 'code', code: s.code, redirectUri: s.redirectUri };
  if (s.prompt && process.stdin.isTTY) return { kind: 'prompt', ask };
  return { kind: 'none', reason: 'needs an authorization code: pass --code, or run in a terminal to sign in' };
}

async function main(s: Settings): Promise<CheckResult[]> {
  const net = defaultNet();
  const now = new Date();
  let signer: Signer | undefined;
  if (s.local) {
    if (!existsSync(s.caFile)) throw new Error(`no local dev CA at ${s.caFile}: start the local stack first (npm run dev)`);
    signer = { certUrl: s.certUrl, key: (await loadOrCreateDevCa(s.caFile, now)).signingKey };
  }
  const locate = s.local ? locateLocal(s.serviceUrl) : asListed;
  const results = [
    ...(await checkPackage({ root: s.skillPackage, net, local: s.local, endpoint: s.endpoint, locate })),
    ...(await checkEndpoint({ url: s.endpoint, skillId: s.skillId, signer, amazonCertUrl: s.amazonCertUrl, now, net })),
    ...(await checkSkillLinking({ url: s.endpoint, skillId: s.skillId, signer, now, net })),
  ];
  let client = { clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' };
  if (s.local) {
    try {
      client = await fetchDevClient(s.serviceUrl);
    } catch (error) {
      return [...results, fail('OAuth provider: authorization URI', 'provider.config', 'account-linking settings are filled in', String(error))];
    }
  }
  return [
    ...results,
    ...(await checkProvider({
      authorizationUrl: s.authorizationUrl, tokenUrl: s.tokenUrl, ...client, scheme: s.scheme, scopes: s.scopes,
      vendorId: s.vendorId, codeSource: codeSource(s), net, deadlineMs: TOKEN_DEADLINE_MS, configProblems: configProblems(s), grant: s.grant,
    })),
  ];
}

try {
  const settings = parseSettings(process.argv.slice(2), process.env);
  if (settings.help) {
    console.log(USAGE);
  } else {
    console.log(`Certification checks against ${settings.local ? 'the local stack' : settings.endpoint}\n`);
    const results = await main(settings);
    console.log(render(results));
    process.exitCode = exitCode(results);
  }
} catch (error) {
  console.error(`certify: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
