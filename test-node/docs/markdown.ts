/**
 * Just enough Markdown for the documentation checks: the pages CI holds true, their fenced code
 * blocks, their links and their headings' anchors (GitHub's rules), with the line of each.
 */
import { globSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** The pages whose code blocks compile and whose links are checked, relative to the root. */
const PAGE_GLOBS = [
  'README.md',
  'docs/**/*.md',
  'packages/alexa-skill-workers/README.md',
  'packages/alexa-skill-workers/docs/**/*.md',
  'examples/*/README.md',
];

/** Every page of `PAGE_GLOBS`, sorted, as paths relative to the root. */
export function pages(): string[] {
  return [...new Set(PAGE_GLOBS.flatMap((glob) => globSync(glob, { cwd: ROOT })))].sort();
}

export interface CodeBlock {
  /** The page, relative to the root. */
  readonly page: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word, lowercased (`ts`, `sh`, …; '' for none). */
  readonly lang: string;
  /** The block's text, the fence's indentation removed, ending in a newline. */
  readonly code: string;
  /**
   * The file the block is, in the project a page walks through, when the line before its fence says
   * so (`<!-- file: src/index.ts -->`): the blocks of one page with a file are one project, so their
   * relative imports reach each other (the kit's quick start is such a page, and a test runs it).
   */
  readonly file?: string;
}

const FILE_MARK = /^\s*<!--\s*file:\s*(\S+)\s*-->\s*$/;

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;

interface Scan {
  readonly blocks: CodeBlock[];
  /** The page with every fenced block's lines emptied (line count kept), for links and headings. */
  readonly prose: string;
}

/** The fenced code blocks of `text` (CommonMark fences, also indented inside list items). */
export function scan(page: string, text: string): Scan {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  const prose = [...lines];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence] = open as unknown as [string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j]!.trimStart();
      if (close.startsWith(fence[0]!.repeat(fence.length)) && close.replace(/[`~]/g, '').trim() === '') break;
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!.trimStart());
    }
    const file = i > 0 ? FILE_MARK.exec(lines[i - 1]!)?.[1] : undefined;
    blocks.push({ page, line: i + 1, lang: (open[3] ?? '').toLowerCase(), code: `${body.join('\n')}\n`, ...(file && { file }) });
    for (let k = i; k <= Math.min(j, lines.length - 1); k++) prose[k] = '';
    i = j;
  }
  return { blocks, prose: prose.join('\n') };
}

/** `text` with every inline code span blanked out (newlines kept), so what it quotes is not a link. */
function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)[\s\S]*?\1/g, (span) => span.replace(/[^\n]/g, ' '));
}

/** The inline code spans of `text`, each with its line. */
export function codeSpans(text: string): { code: string; line: number }[] {
  return [...text.matchAll(/(`+)([\s\S]*?)\1/g)].map((m) => ({ code: m[2]!.replace(/\s+/g, ' ').trim(), line: lineAt(text, m.index) }));
}

export interface Link {
  readonly target: string;
  readonly line: number;
}

const INLINE_LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const AUTOLINK = /<((?:https?|mailto):[^>\s]+)>/g;
const blank = (match: string) => match.replace(/[^\n]/g, ' ');

/**
 * Inline links and images (`[text](target)`, `![alt](target)`), autolinks (`<https://…>`) and the
 * bare URLs GitHub links by itself (trailing punctuation left out, as GitHub does).
 */
export function links(prose: string): Link[] {
  const text = withoutCodeSpans(prose);
  const inline = [...text.matchAll(INLINE_LINK)].map((m) => ({ target: m[1]!, line: lineAt(text, m.index) }));
  const auto = [...text.matchAll(AUTOLINK)].map((m) => ({ target: m[1]!, line: lineAt(text, m.index) }));
  const rest = text.replace(INLINE_LINK, blank).replace(AUTOLINK, blank);
  const bare = [...rest.matchAll(/\bhttps?:\/\/[^\s<>()`]+/g)].map((m) => ({ target: m[0].replace(/[.,:;!?'"*_]+$/, ''), line: lineAt(rest, m.index) }));
  return [...inline, ...auto, ...bare].sort((a, b) => a.line - b.line);
}

/**
 * A heading's anchor as GitHub makes it: the rendered text lowercased, every character that is not
 * a letter, a digit, a space, `-` or `_` dropped, spaces turned into `-`.
 */
export function slug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`/g, '')
    .replace(/\*\*|__|\*/g, '');
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page has: its ATX headings' slugs (repeats numbered -1, -2, … as GitHub does) and HTML ids. */
export function anchors(prose: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const line of prose.split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const base = slug(heading[1]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      found.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(m[1]!);
  }
  return found;
}

/** The page's text, read from the root. */
export function read(page: string): string {
  return readFileSync(resolve(ROOT, page), 'utf8');
}

/** `file:line` of a page, as an editor opens it. */
export const where = (page: string, line: number) => `${relative(ROOT, resolve(ROOT, page))}:${line}`;

function lineAt(text: string, index = 0): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
