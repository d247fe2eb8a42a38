/**
 * What `npm run deploy` prints after a real deploy: the exact commands that finish going live
 * (README, "Go live"). Pure, so a test can read it.
 */
import { updateAccountLinkingCommand } from './account-linking.ts';

export interface NextStepsInput {
  readonly skillUrl: string | undefined;
  readonly serviceUrl: string | undefined;
  /** From .ask/ask-states.json once `ask deploy` has created the skill. */
  readonly skillId: string | undefined;
  /** Where the rendered account-linking request goes: outside the repository. */
  readonly linkingFile: string;
  /** Whether skill-package/skill.json was rewritten with these URLs. */
  readonly manifestUpdated: boolean;
}

const DEMO_CLIENT = 'npx wrangler kv key get demo:alexa-client --binding OAUTH_KV --env production --remote -c demo/ride-hailer-service/wrangler.toml';

export function nextSteps(input: NextStepsInput): string {
  const skill = input.skillUrl ? `${input.skillUrl}/` : '<the skill URL wrangler printed above>';
  const service = input.serviceUrl ?? '<your OAuth service URL>';
  const skillId = input.skillId ?? '<skill-id from `ask deploy`>';
  const manifest = input.manifestUpdated
    ? 'skill-package/skill.json now points at them (endpoint, privacy policy, terms of use, icons).'
    : `Fill them into skill-package/skill.json: npm run skill-urls -- --skill-url ${input.skillUrl ?? '<skill URL>'} --service-url ${service}`;
  return `
Deployed:
  skill endpoint  ${skill}
  service         ${service}
${manifest}

Next (README, "Go live"):
  1. Upload the skill package (manifest, interaction models):
       ask deploy --target skill-metadata
  2. Account linking; the client secret stays in your environment, never in the repository:
       export ALEXA_CLIENT_ID=<clientId> ALEXA_CLIENT_SECRET=<clientSecret>
         (the demo service: open ${service}/ once, then ${DEMO_CLIENT})
       npm run account-linking -- --service-url ${service} --out ${input.linkingFile}
       ${updateAccountLinkingCommand(skillId, input.linkingFile)}
       rm ${input.linkingFile}
  3. Test in the Alexa app: enable the skill, link as ana / ana-rides, then say
     "Alexa, ask ride hailer to get me a ride to work".`;
}
