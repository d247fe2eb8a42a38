/**
 * What `npm run deploy` prints after a real deploy: the exact commands that finish going live
 * (README, "Go live"). Pure, so a test can read it.
 */
import { updateAccountLinkingCommand } from './account-linking.ts';
import { CERT_CACHE_SECRET, PUT_CERT_CACHE_SECRET } from './secrets.ts';

export interface NextStepsInput {
  readonly skillUrl: string | undefined;
  readonly serviceUrl: string | undefined;
  /** From .ask/ask-states.json once `ask deploy` has created the skill. */
  readonly skillId: string | undefined;
  /** Whether skill-package/skill.json was rewritten with these URLs. */
  readonly manifestUpdated: boolean;
  /** The `npm run deploy` command line that was run, to run again once the skill ID is set. */
  readonly redeploy: string;
  /** Whether the deployed skill has ALEXA_CERT_CACHE_SECRET: undefined when `wrangler secret list` could not tell. */
  readonly certCacheSecret: boolean | undefined;
}

const DEMO_CLIENT = 'npx wrangler kv key get demo:alexa-client --binding OAUTH_KV --env production --remote -c demo/ride-hailer-service/wrangler.toml';

/**
 * The steps after a deploy. Until `ask deploy` has created the skill its ID is unknown, and the
 * deployed Worker answers 500 (wrangler.toml ships a placeholder ALEXA_SKILL_ID on purpose, and
 * the Worker refuses to start without a valid one: README, "Configuration"); so the steps then
 * include setting it and deploying again. The account-linking file is written
 * by `npm run account-linking` itself, to a new private temp folder whose path it prints.
 */
export function nextSteps(input: NextStepsInput): string {
  const skill = input.skillUrl ? `${input.skillUrl}/` : '<the skill URL wrangler printed above>';
  const service = input.serviceUrl ?? '<your OAuth service URL>';
  const skillId = input.skillId ?? '<skill-id from `ask deploy`>';
  const manifest = input.manifestUpdated
    ? 'skill-package/skill.json now points at them (endpoint, privacy policy, terms of use, icons).'
    : `Fill them into skill-package/skill.json: npm run skill-urls -- --skill-url ${input.skillUrl ?? '<skill URL>'} --service-url ${service}`;
  const setSkillId = input.skillId
    ? ''
    : `
     It prints the new skill ID (also in .ask/ask-states.json). Until the Worker has it, it answers 500:
     put it into wrangler.toml, [env.production.vars]:
       ALEXA_SKILL_ID = "amzn1.ask.skill.<the ID ask deploy printed>"
     and deploy again:
       ${input.redeploy}`;
  const skillIdOption = input.skillId ? ` --skill-id ${input.skillId}` : '';
  const secret = input.certCacheSecret === true
    ? ''
    : `
  ${input.certCacheSecret === false ? `The skill has no ${CERT_CACHE_SECRET}` : `Could not list the skill's secrets; if it has no ${CERT_CACHE_SECRET} yet`} (recommended: without it
  every new isolate validates Alexa's certificate chain in full; docs/configuration.md), set one:
       ${PUT_CERT_CACHE_SECRET}
`;
  return `
Deployed:
  skill endpoint  ${skill}
  service         ${service}
${manifest}
${secret}
Next (README, "Go live"):
  1. Upload the skill package (manifest, interaction models):
       ask deploy --target skill-metadata${setSkillId}
  2. Account linking; the client secret stays in your environment, never in the repository:
       export ALEXA_CLIENT_ID=<clientId> ALEXA_CLIENT_SECRET=<clientSecret>
         (the demo service: open ${service}/ once, then ${DEMO_CLIENT})
       npm run account-linking -- --service-url ${service}${skillIdOption}
     It writes the request to a new private temp folder and prints its path; push it, then delete it:
       ${updateAccountLinkingCommand(skillId, '<the file it printed>')}
  3. Test in the Alexa app: enable the skill, link as ana / ana-rides, then say
     "Alexa, ask ride hailer to get me a ride to work".`;
}
