import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { readArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliError, usage } from '../errors.ts';

const ROUTERS = ['hono', 'fetch'] as const;
const TOKENS = ['jwt', 'opaque', 'lwa'] as const;
/** The languages templates/models/ holds an interaction model for (the second locale's language). */
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it'] as const;

const HELP = `Usage: alexa-skill-workers new <folder> [--router hono|fetch] [--tokens jwt|opaque|lwa] [--locale <tag>] [--name <skill name>]

Writes a new skill into <folder> (which must not exist, or be empty), from the templates shipped in
this package: src/ (the verified endpoint, the token validator, a public intent, a linked intent,
the linking gate, the skill events), test/ (Vitest in workerd with alexa-skill-workers/testing),
skill-package/ (skill.json, en-US and a second locale, accountLinking.json), wrangler.toml,
tsconfig.json, .gitignore, .dev.vars.example and package.json (its "alexa-skill-workers" section:
the local provider).

Options:
  --router <r>      hono (a Hono app with the kit's middleware) or fetch (alexaEndpoint); default hono
  --tokens <t>      the account-linking tokens: jwt (a JWKS), opaque (a userinfo endpoint) or lwa
                    (Login with Amazon); default jwt
  --locale <tag>    the second locale besides en-US, its model and speech in its language
                    (${LANGUAGES.join(', ')}); default de-DE
  --name <name>     the skill's name (letters, digits, spaces, '.', '-'); default from <folder>;
                    its invocation name is the same in lower case

Example:
  alexa-skill-workers new my-skill --router fetch --tokens opaque --locale fr-FR --name "My Skill"`;

/** Templates written with a leading dot (npm leaves a package's .gitignore out; the others are kept visible). */
const DOTTED = new Set(['gitignore', 'dev.vars.example']);

/** Where the templates are: the package's templates/, beside src/ and dist/ (this file is at <package>/{src,dist}/cli/commands/). */
const TEMPLATES = resolve(import.meta.dirname, '../../../templates');

/** What `new` was asked for, checked. */
interface Choices {
  readonly folder: string;
  readonly router: (typeof ROUTERS)[number];
  readonly tokens: (typeof TOKENS)[number];
  readonly locale: string;
  readonly skillName: string;
}

/** `new`: a new skill from templates/ (issue #20). */
export const newCommand: Command = {
  name: 'new',
  summary: 'write a new skill (Worker, tests, skill package, local linking) into a folder',
  help: HELP,
  run(args, ctx) {
    const { values, positionals } = readArgs('new', args, {
      router: { type: 'string' },
      tokens: { type: 'string' },
      locale: { type: 'string' },
      name: { type: 'string' },
    });
    if (positionals.length !== 1) throw usage('name one folder to write the skill into: alexa-skill-workers new <folder>');
    const folder = resolve(ctx.cwd, positionals[0]!);
    const choices: Choices = {
      folder,
      router: oneOf('--router', values.router ?? 'hono', ROUTERS),
      tokens: oneOf('--tokens', values.tokens ?? 'jwt', TOKENS),
      locale: localeOf(values.locale ?? 'de-DE'),
      skillName: skillNameOf(values.name, folder),
    };
    if (existsSync(folder) && (!statSync(folder).isDirectory() || readdirSync(folder).length > 0)) {
      throw new CliError(`${folder} exists and is not empty: name a new folder (or an empty one)`);
    }
    const files = render(choices);
    for (const [path, text] of files) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), text);
    }
    const shown = relative(ctx.cwd, folder) || '.';
    if (ctx.json) {
      ctx.out(JSON.stringify({ folder, router: choices.router, tokens: choices.tokens, locales: ['en-US', choices.locale], files: [...files.keys()].sort() }));
    } else {
      ctx.out(`Wrote ${choices.skillName} (${choices.router}, ${choices.tokens} tokens, en-US and ${choices.locale}) into ${shown}: ${files.size} files.`);
      ctx.out(`Next:\n  cd ${shown}\n  npm install\n  npm test\n  npx alexa-skill-workers dev     # the skill and the local OAuth provider`);
    }
    return Promise.resolve(0);
  },
};

/** `value` if it is one of `allowed`. @throws {CliError} exit 2, naming the option and the values it takes. */
function oneOf<const T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usage(`${option} must be one of ${allowed.join(', ')} (not "${value}")`);
}

/** A locale tag (`de-DE`) whose language has a model in templates/models/, other than en-US. @throws {CliError} exit 2. */
function localeOf(tag: string): string {
  const match = /^([a-z]{2})-[A-Z]{2}$/.exec(tag);
  if (!match || !(LANGUAGES as readonly string[]).includes(match[1]!) || tag === 'en-US') {
    throw usage(`--locale must be a locale tag other than en-US in ${LANGUAGES.join(', ')} (like de-DE, fr-FR, en-GB), not "${tag}"`);
  }
  return tag;
}

/** The skill's name: `--name`, or the folder's name in words (`my-skill` → `My Skill`). @throws {CliError} exit 2 for characters a template cannot hold. */
function skillNameOf(name: string | undefined, folder: string): string {
  const value = name ?? basename(folder).split(/[-_\s.]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
  if (!/^\p{L}[\p{L}\p{N} .-]{0,49}$/u.test(value) || !/\p{L}/u.test(value)) {
    throw usage(`--name must start with a letter and hold only letters, digits, spaces, '.' and '-' (at most 50), not "${value}"`);
  }
  return value;
}

/** The new skill's files (path in the folder → text), placeholders filled. */
function render(choices: Choices): Map<string, string> {
  const sources = new Map<string, string>();
  for (const layer of ['base', `router/${choices.router}`, `tokens/${choices.tokens}`]) {
    for (const path of filesOf(join(TEMPLATES, layer))) {
      if (path === 'package.json' && sources.has(path)) continue;
      sources.set(path, join(TEMPLATES, layer, path));
    }
  }
  const manifest = [`router/${choices.router}`, `tokens/${choices.tokens}`]
    .map((layer) => join(TEMPLATES, layer, 'package.json'))
    .filter((file) => existsSync(file))
    .reduce((merged, file) => merge(merged, JSON.parse(readFileSync(file, 'utf8')) as Json), JSON.parse(readFileSync(sources.get('package.json')!, 'utf8')) as Json);
  const kitVersion = (JSON.parse(readFileSync(join(TEMPLATES, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const folderName = basename(choices.folder).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  const tokenVars = sources.get('wrangler.vars.toml');
  const values: Readonly<Record<string, string>> = {
    package: folderName === '' ? 'alexa-skill' : folderName,
    skillName: choices.skillName,
    invocation: choices.skillName.toLowerCase().replace(/[^\p{L}]+/gu, ' ').trim(),
    locale: choices.locale,
    language: choices.locale.slice(0, 2),
    kitVersion,
    tokenVars: tokenVars === undefined ? '' : readFileSync(tokenVars, 'utf8').trimEnd(),
  };
  const fill = (text: string, path: string) => {
    // Twice: tokenVars brings {{package}} with it.
    const filled = text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? `{{${key}}}`).replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? `{{${key}}}`);
    const left = /\{\{\w+\}\}/.exec(filled);
    if (left) throw new Error(`templates/${path}: unknown placeholder ${left[0]}`);
    return filled;
  };
  const files = new Map<string, string>();
  for (const [path, source] of sources) {
    if (path === 'wrangler.vars.toml') continue;
    const text = path === 'package.json' ? `${JSON.stringify(manifest, null, 2)}\n` : readFileSync(source, 'utf8');
    files.set(DOTTED.has(path) ? `.${path}` : path, fill(text, path));
  }
  const model = (language: string) => fill(readFileSync(join(TEMPLATES, 'models', `${language}.json`), 'utf8'), `models/${language}.json`);
  const language = choices.locale.slice(0, 2);
  files.set('skill-package/interactionModels/custom/en-US.json', model('en'));
  files.set(`skill-package/interactionModels/custom/${choices.locale}.json`, model(language));
  for (const speech of new Set(['en', language])) files.set(`src/strings/${speech}.ts`, fill(readFileSync(join(TEMPLATES, 'strings', `${speech}.ts`), 'utf8'), `strings/${speech}.ts`));
  return files;
}

/** Every file under `dir`, relative to it, with `/` separators. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).replaceAll('\\', '/'));
}

type Json = { readonly [key: string]: unknown };

/** `over` merged into `base`: objects key by key, anything else replaced. */
function merge(base: Json, over: Json): Json {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const before = out[key];
    out[key] = isObject(before) && isObject(value) ? merge(before, value) : value;
  }
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
