import { existsSync } from 'node:fs';
import { readArgs } from '../args.ts';
import { checkSkillPackage } from '../check/rules.ts';
import type { Command } from '../command.ts';
import { CliError, usage } from '../errors.ts';
import { loadProject } from '../project.ts';

const HELP = `Usage: alexa-skill-workers check [--json]

Checks the skill package against the rules Amazon applies at build and certification, offline:
every locale's interaction model (built-in intents, samples, slots, the invocation name, agreement
with en-US), the store listing (required fields, example phrases, locales and countries), account
linking (each grant's fields, app-to-app redirect URLs, voice-forward linking with Login with
Amazon), and permissions. The intents the skill handles and gates come from the project's config
("policy" in package.json: linkedIntents, handledIntents, recognizedSpeakers), never from its source.
Exits 1 when a rule fails.

Options:
  --json      print { ok, findings: [{ rule, ok, message, file }] }

Example:
  alexa-skill-workers check`;

/** `check`: the skill-package rules (src/cli/check). */
export const checkCommand: Command = {
  name: 'check',
  summary: 'check the skill package: models per locale, listing, account linking, permissions (offline)',
  help: HELP,
  run(args, ctx) {
    const { positionals } = readArgs('check', args, {});
    if (positionals.length > 0) throw usage(`check takes no words (${positionals.join(' ')}). See: alexa-skill-workers check --help`);
    const project = loadProject(ctx.cwd);
    if (!existsSync(project.skillPackage)) throw new CliError(`${project.skillPackage}: no skill package there (skillPackage in package.json names it)`);
    const policy = project.policy ?? { linkedIntents: [], handledIntents: undefined, recognizedSpeakers: false };
    let findings;
    try {
      findings = checkSkillPackage(project.skillPackage, { ...policy, localeSlotTypes: project.check.localeSlotTypes });
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { path?: string };
      if (e.code === 'ENOENT') throw new CliError(`${e.path ?? 'a file of the skill package'}: missing`);
      if (error instanceof SyntaxError) throw new CliError(`the skill package at ${project.skillPackage} has a file that is not JSON: ${error.message.split('\n')[0]}`);
      throw error;
    }
    const failed = findings.filter((f) => !f.ok);
    if (ctx.json) {
      ctx.out(JSON.stringify({ ok: failed.length === 0, findings }));
    } else {
      for (const f of findings) ctx.out(`${f.ok ? '✔' : '✘'} ${f.rule}${f.file ? ` (${f.file})` : ''}: ${f.message}`);
      if (policy.handledIntents === undefined) ctx.out('Not checked: which intents have handlers (add "policy": { "handledIntents": [...] } to package.json).');
      ctx.out(`\n${findings.length - failed.length} passed, ${failed.length} failed.`);
    }
    return Promise.resolve(failed.length === 0 ? 0 : 1);
  },
};
