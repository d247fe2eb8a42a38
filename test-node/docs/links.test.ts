import { existsSync, statSync } from 'node:fs';
import { dirname, extname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchors, links, pages, read, ROOT, scan, slug, where } from './markdown.ts';

// Every relative link of the pages CI holds true points at a file or folder of the repository, and
// every `#anchor` (on the same page or another Markdown page) at a heading it has, by GitHub's
// rules. External links are not fetched (no network here): they must parse as URLs.

const anchorsOf = new Map<string, Set<string>>();
function anchorsOfPage(file: string): Set<string> {
  const page = relative(ROOT, file);
  if (!anchorsOf.has(page)) anchorsOf.set(page, anchors(scan(page, read(page)).prose));
  return anchorsOf.get(page)!;
}

/** What is wrong with `target` as a link on `page`, or undefined. */
export function brokenLink(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    if (!URL.canParse(target)) return `not a URL: ${target}`;
    const url = new URL(target);
    if (url.protocol === 'http:' && !['localhost', '127.0.0.1'].includes(url.hostname)) return `plain http outside localhost: ${target}`;
    return undefined;
  }
  const [path = '', anchor] = target.split('#', 2) as [string, string | undefined];
  const file = path === '' ? resolve(ROOT, page) : path.startsWith('/') ? resolve(ROOT, `.${decodeURI(path)}`) : resolve(ROOT, dirname(page), decodeURI(path));
  if (!file.startsWith(ROOT)) return `outside the repository: ${target}`;
  if (!existsSync(file)) return `no such file: ${target}`;
  if (anchor === undefined) return undefined;
  if (statSync(file).isDirectory() || extname(file) !== '.md') return `an anchor on a page that is not Markdown: ${target}`;
  if (!anchorsOfPage(file).has(decodeURIComponent(anchor))) return `no heading for #${anchor} in ${relative(ROOT, file)}`;
  return undefined;
}

describe("GitHub's heading anchors", () => {
  it.each([
    ['How a request is verified, and why each check exists', 'how-a-request-is-verified-and-why-each-check-exists'],
    ['Before you submit: `npm run certify`', 'before-you-submit-npm-run-certify'],
    ["App-to-app linking (starting from the service's app)", 'app-to-app-linking-starting-from-the-services-app'],
    ['Linking by voice (voice-forward account linking)', 'linking-by-voice-voice-forward-account-linking'],
    ['Second example: hello, linked user', 'second-example-hello-linked-user'],
    ['What is cached, and where', 'what-is-cached-and-where'],
    ['Ride orders belong to the speaker they were quoted to', 'ride-orders-belong-to-the-speaker-they-were-quoted-to'],
    ['Build settings — `wrangler.toml`', 'build-settings--wranglertoml'],
    ['snake_case and [a link](x.md)', 'snake_case-and-a-link'],
  ])('%s → #%s', (heading, expected) => {
    expect(slug(heading)).toBe(expected);
  });

  it('numbers a repeated heading as GitHub does', () => {
    expect([...anchors('# Load\n\n## Load\n\n### Load\n')]).toEqual(['load', 'load-1', 'load-2']);
  });
});

describe('links in the docs', () => {
  it('are found, and checked on every page', () => {
    expect(pages()).toEqual(expect.arrayContaining(['README.md', 'docs/security.md']));
    expect(pages().flatMap((page) => links(scan(page, read(page)).prose)).length).toBeGreaterThan(0);
  });

  it('are inline links, images, autolinks and bare URLs', () => {
    const { prose } = scan('x.md', '[a](docs/a.md) ![b](b.svg) <https://c.example/x>\nsee https://d.example/y. and (https://e.example/z)\n');
    expect(links(prose).map((l) => l.target)).toEqual(['docs/a.md', 'b.svg', 'https://c.example/x', 'https://d.example/y', 'https://e.example/z']);
  });

  it('ignore what code quotes: a link inside a code block or a code span is not a link', () => {
    const { prose } = scan('x.md', 'a `[no](nowhere.md)` b\n\n```md\n[no](nowhere.md)\n```\n[yes](README.md)\n');
    expect(links(prose)).toEqual([{ target: 'README.md', line: 6 }]);
  });

  it.each([
    ['README.md', 'docs/security.md', undefined],
    ['README.md', 'docs/nowhere.md', 'no such file: docs/nowhere.md'],
    ['docs/security.md', '../README.md', undefined],
    ['docs/security.md', '#security-guarantees', undefined],
    ['docs/security.md', '#no-such-heading', 'no heading for #no-such-heading in docs/security.md'],
    ['README.md', 'docs/security.md#no-such-heading', 'no heading for #no-such-heading in docs/security.md'],
    ['README.md', 'https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-implicit-grant.html', undefined],
    ['README.md', 'https://exa mple.com/', 'not a URL: https://exa mple.com/'],
    ['README.md', '../../etc/passwd', 'outside the repository: ../../etc/passwd'],
  ])('on %s, %s: %s', (page, target, problem) => {
    expect(brokenLink(page, target)).toBe(problem);
  });

  it('point at files that exist and headings those pages have', () => {
    const broken = pages().flatMap((page) =>
      links(scan(page, read(page)).prose).flatMap(({ target, line }) => {
        const problem = brokenLink(page, target);
        return problem ? [`${where(page, line)}: ${problem}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });
});
