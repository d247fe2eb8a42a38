import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { codeSpans, pages, read, ROOT, scan, where, type CodeBlock } from './markdown.ts';

// Every ```ts block of the pages CI holds true is a whole module that compiles: each is written to
// a file inside the repository (so `alexa-skill-workers/<entry>` resolves through tsconfig.json's
// `paths`, as the skill's own imports do) and all are type-checked in one program with the root
// tsconfig's options (Workers types, strict). A `./` import in a page is relative to the package
// the page belongs to (the folder of its nearest package.json). The `npm run` commands the pages
// show, in shell blocks and inline code, name scripts that exist.

const TYPESCRIPT = new Set(['ts', 'typescript']);
const SHELL = new Set(['sh', 'bash', 'shell', 'console']);

const CONFIG = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
})!;

const all = pages().flatMap((page) => scan(page, read(page)).blocks);
const typescriptBlocks = all.filter((block) => TYPESCRIPT.has(block.lang));

let scratch: string | undefined;
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The folder of the package.json nearest to `page` (the root for the repository's own pages). */
function packageOf(page: string): string {
  for (let dir = dirname(resolve(ROOT, page)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) || dir === ROOT) return dir;
  }
}

/** `code` with each relative import specifier pointed from `file` at the same path in `base`. */
function rebase(code: string, file: string, base: string): string {
  return code.replace(/(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]+)\2/g, (_, lead: string, quote: string, spec: string) => {
    const target = relative(dirname(file), resolve(base, spec)).replaceAll('\\', '/');
    return `${lead}${quote}${target.startsWith('.') ? target : `./${target}`}${quote}`;
  });
}

/**
 * Type errors of `blocks`, type-checked together as modules in one program, each as
 * `page:line: message` with the page's own line.
 */
function typeErrors(blocks: readonly CodeBlock[]): string[] {
  scratch ??= mkdtempSync(join(ROOT, '.doc-blocks-'));
  const dir = mkdtempSync(join(scratch, 'run-'));
  const files = new Map<string, CodeBlock>();
  blocks.forEach((block, i) => {
    // A block that names its file is that file of the page's project: its relative imports are its own.
    const file = block.file === undefined
      ? join(dir, `${i}-${block.page.replace(/[^\w]+/g, '_')}-L${block.line}.ts`)
      : join(dir, `project-${block.page.replace(/[^\w]+/g, '_')}`, block.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, block.file === undefined ? rebase(block.code, file, packageOf(block.page)) : block.code);
    files.set(file, block);
  });
  const options: ts.CompilerOptions = { ...CONFIG.options, noEmit: true, moduleDetection: ts.ModuleDetectionKind.Force };
  const program = ts.createProgram([...files.keys()], options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    const line = d.file.getLineAndCharacterOfPosition(d.start).line;
    const block = files.get(resolve(d.file.fileName));
    return block ? `${where(block.page, block.line + 1 + line)}: ${message}` : `${relative(ROOT, d.file.fileName)}:${line + 1}: ${message}`;
  });
}

describe('TypeScript blocks in the docs', () => {
  it('are found in the READMEs and docs pages', () => {
    expect(typescriptBlocks.length).toBeGreaterThan(0);
  });

  it('all compile, as modules, in one program with the root tsconfig', () => {
    expect(typeErrors(typescriptBlocks)).toEqual([]);
  }, 120_000);

  it('reports a block that does not compile at its page and line', () => {
    const broken: CodeBlock = { page: 'docs/example.md', line: 10, lang: 'ts', code: "const ok = 1;\nconst n: number = 'one';\n" };
    expect(typeErrors([broken])).toEqual([`docs/example.md:12: Type 'string' is not assignable to type 'number'.`]);
  }, 120_000);

  it('resolves a kit entry as the skill does, and refuses a name it does not export', () => {
    const block: CodeBlock = { page: 'docs/example.md', line: 1, lang: 'ts', code: "import { createAlexaVerifier, noSuchThing } from 'alexa-skill-workers';\nvoid createAlexaVerifier;\nvoid noSuchThing;\n" };
    const errors = typeErrors([block]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^docs\/example\.md:2: .*has no exported member .*noSuchThing/);
  }, 120_000);

  it('keeps blocks apart: two blocks may declare the same name', () => {
    const a: CodeBlock = { page: 'docs/a.md', line: 1, lang: 'ts', code: 'const app = 1;\nvoid app;\n' };
    const b: CodeBlock = { page: 'docs/b.md', line: 1, lang: 'ts', code: "const app = 'two';\nvoid app;\n" };
    expect(typeErrors([a, b])).toEqual([]);
  }, 120_000);
});

interface Scripts {
  readonly name: string;
  readonly scripts: Record<string, string>;
}

const readPackage = (dir: string): Scripts => {
  const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; scripts?: Record<string, string> };
  return { name: json.name, scripts: json.scripts ?? {} };
};

/** The root's workspaces by name and by folder. */
function workspace(nameOrPath: string): Scripts | undefined {
  const patterns = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  const dirs = patterns.flatMap((pattern) => ts.sys.getDirectories(join(ROOT, pattern.replace(/\/\*$/, ''))).map((d) => join(ROOT, pattern.replace(/\/\*$/, ''), d)));
  const dir = dirs.find((d) => existsSync(join(d, 'package.json')) && (readPackage(d).name === nameOrPath || resolve(ROOT, nameOrPath) === d));
  return dir ? readPackage(dir) : undefined;
}

const NPM_SCRIPT_ALIASES: Record<string, string> = { t: 'test', tst: 'test', test: 'test', start: 'start', stop: 'stop', restart: 'restart' };

/**
 * The scripts an npm command line names: `npm run <script>`, `npm test` (and its kind), each with
 * the workspace `-w`/`--workspace` names, if any.
 */
export function npmScripts(command: string): { script: string; workspace?: string }[] {
  const found: { script: string; workspace?: string }[] = [];
  const uncommented = command.split('\n').map((line) => line.replace(/(^|\s)#.*$/, '')).join('\n');
  for (const segment of uncommented.split(/&&|\|\||[;|\n]/)) {
    const words = segment.trim().split(/\s+/);
    const npm = words.indexOf('npm');
    if (npm < 0) continue;
    let workspaceName: string | undefined;
    const rest: string[] = [];
    for (let i = npm + 1; i < words.length && words[i] !== '--'; i++) {
      const word = words[i]!;
      const flag = /^(?:-w|--workspace)(?:=(.+))?$/.exec(word);
      if (flag) workspaceName = flag[1] ?? words[++i];
      else if (!word.startsWith('-')) rest.push(word);
    }
    const [verb, name] = rest;
    if (verb === 'run' || verb === 'run-script') {
      if (name) found.push({ script: name, ...(workspaceName ? { workspace: workspaceName } : {}) });
    } else if (verb && NPM_SCRIPT_ALIASES[verb]) {
      found.push({ script: NPM_SCRIPT_ALIASES[verb], ...(workspaceName ? { workspace: workspaceName } : {}) });
    }
  }
  return found;
}

/** Each `npm run` a page shows that names no script of the package it runs in, as `page:line: …`. */
function missingScripts(): string[] {
  const missing: string[] = [];
  for (const page of pages()) {
    const { blocks, prose } = scan(page, read(page));
    const commands = [
      ...blocks.filter((b) => SHELL.has(b.lang)).flatMap((b) => b.code.split('\n').map((code, i) => ({ code, line: b.line + 1 + i }))),
      ...codeSpans(prose).filter((span) => /\bnpm\b/.test(span.code)),
    ];
    // A page that shows a project's package.json (a quick start) runs its commands in that project.
    const shown = blocks.find((b) => b.file === 'package.json');
    const project = shown && { name: '(the package.json this page shows)', scripts: {}, ...(JSON.parse(shown.code) as { name?: string; scripts?: Record<string, string> }) };
    for (const { code, line } of commands) {
      for (const { script, workspace: name } of npmScripts(code)) {
        const pkg = name ? workspace(name) : project ?? readPackage(packageOf(page));
        if (!pkg) missing.push(`${where(page, line)}: npm workspace ${name} does not exist`);
        else if (!(script in pkg.scripts)) missing.push(`${where(page, line)}: ${pkg.name} has no script "${script}" (${code.trim()})`);
      }
    }
  }
  return missing;
}

describe('npm commands in the docs', () => {
  it.each([
    ['npm run dev', [{ script: 'dev' }]],
    ['ALLOW_IMPLICIT_GRANT=true npm run dev     # the demo service too', [{ script: 'dev' }]],
    ['CERTIFY_CLIENT_SECRET=… npm run certify -- --endpoint https://x/ --vendor-id M2', [{ script: 'certify' }]],
    ['npm install && npm test', [{ script: 'test' }]],
    ['npm run build -w alexa-skill-workers', [{ script: 'build', workspace: 'alexa-skill-workers' }]],
    ['npm --workspace=examples/hello-linked-user run dev', [{ script: 'dev', workspace: 'examples/hello-linked-user' }]],
    ['npm install', []],
    ['npm run dev     # then: npm run simulate; or | npm run certify', [{ script: 'dev' }]],
    ['npm exec -- node bench/quick.ts --loops warm --startup', []],
  ])('reads the scripts of `%s`', (command, scripts) => {
    expect(npmScripts(command)).toEqual(scripts);
  });

  it('name scripts that exist in the package.json they run in', () => {
    expect(missingScripts()).toEqual([]);
  });

  it("include the README's test command, which is the one CI runs", () => {
    const shown = scan('README.md', read('README.md')).blocks.filter((b) => SHELL.has(b.lang)).flatMap((b) => npmScripts(b.code));
    expect(shown).toContainEqual({ script: 'test' });
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8').split('\n').filter((line) => !line.trimStart().startsWith('#'));
    expect(ci.flatMap((line) => npmScripts(line))).toContainEqual({ script: 'test' });
  });
});
