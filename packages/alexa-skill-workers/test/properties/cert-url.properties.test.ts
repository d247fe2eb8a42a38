import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeCertUrl } from '../../src/verification/cert-url.ts';

/**
 * Amazon's certificate-URL rules, encoded directly from the parts a URL is built from, without a
 * URL parser: scheme `https` and host `s3.amazonaws.com` in any case, port absent or 443, no
 * userinfo, and a path that, once its dot segments are resolved (WHATWG treats `%2e` as `.` and,
 * for https, `\` as `/`), starts with `/echo.api/` in exactly that case. On top of Amazon's rules,
 * no query string and no fragment, not even an empty one (Amazon never sends either, and each
 * distinct query would otherwise cost a download before any signature is checked). Nor an encoded
 * character left in the path once dot segments are resolved: `%65` or a space the parser encodes
 * (S3 decodes the key, so each encoding would name the same chain under a new URL).
 */
function amazonAccepts(parts: UrlParts): boolean {
  if (parts.query !== null || parts.fragment !== null) return false;
  if (parts.scheme.toLowerCase() !== 'https') return false;
  if (parts.userinfo !== '') return false;
  if (parts.host.toLowerCase() !== 's3.amazonaws.com') return false;
  if (parts.port !== '' && Number(parts.port) !== 443) return false;
  const resolved: string[] = [];
  let endsInDot = false;
  for (const segment of parts.segments) {
    const plain = segment.replace(/%2e/gi, '.');
    endsInDot = plain === '.' || plain === '..';
    if (plain === '..') resolved.pop();
    else if (plain !== '.') resolved.push(segment);
  }
  if (endsInDot) resolved.push('');
  if (resolved.some((segment) => segment.includes('%') || ENCODED_BY_PARSER.test(segment))) return false;
  return `/${resolved.join('/')}`.startsWith('/echo.api/');
}

interface UrlParts {
  scheme: string;
  userinfo: string;
  host: string;
  port: string;
  segments: string[];
  separators: string[];
  /** Text after `?` and after `#`; null when the URL has no `?` or no `#` at all. */
  query: string | null;
  fragment: string | null;
}

/** Mostly absent; when present, often empty (`…pem?`, `…pem#`). */
const query = fc.oneof(
  { arbitrary: fc.constant(null), weight: 4 },
  { arbitrary: fc.constantFrom('', '', 'x=1', 'n=2', '?', 'versionId=a%23b'), weight: 1 },
);
const fragment = fc.oneof(
  { arbitrary: fc.constant(null), weight: 4 },
  { arbitrary: fc.constantFrom('', '', 'frag', '?x=1', '#'), weight: 1 },
);

/** Characters WHATWG percent-encodes in a path (of those the generators use). */
const ENCODED_BY_PARSER = /[ "<>\u00e9]/;

const SEGMENTS = [
  'echo.api', 'EcHo.aPi', 'echo.API', 'echo%2Eapi', 'echo.api.', '..', '.', '%2e%2e', '%2E.', '.%2e', '%2e', 'x', 'cert.pem', '',
  '%65cho-api-cert.pem', 'cert%2Epem', 'a%2F..', '%2e%2e%2f', '%25', 'a b.pem', 'c\u00e9rt.pem', '"x"',
];

const urlParts: fc.Arbitrary<UrlParts> = fc
  .record({
    scheme: fc.constantFrom('https', 'HTTPS', 'Https', 'http', 'ftp'),
    userinfo: fc.constantFrom('', '', '', 'user@', 'user:pass@', ':@'),
    host: fc.constantFrom(
      's3.amazonaws.com', 's3.amazonaws.com', 'S3.AmazonAWS.com', 's3.amazonaws.com.', 'notamazon.com',
      's3.amazonaws.com.evil.example', 'xs3.amazonaws.com', 's3-external-1.amazonaws.com',
    ),
    port: fc.constantFrom('', '', ':443', ':0443', ':563', ':8443', ':80'),
    segments: fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 6 }),
    query,
    fragment,
  })
  .chain((p) =>
    fc.array(fc.constantFrom('/', '/', '/', '\\'), { minLength: p.segments.length, maxLength: p.segments.length })
      .map((separators) => ({ ...p, port: p.port.replace(':', ''), separators })),
  );

/** Mostly-valid parts, so the accepted side of the rules is explored too. */
const likelyAccepted: fc.Arbitrary<UrlParts> = fc
  .record({
    scheme: fc.constantFrom('https', 'HTTPS'),
    userinfo: fc.constant(''),
    host: fc.constantFrom('s3.amazonaws.com', 'S3.AMAZONAWS.COM'),
    port: fc.constantFrom('', '443', '0443'),
    segments: fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 5 }).map((rest) => ['echo.api', ...rest]),
    query,
    fragment,
  })
  .chain((p) =>
    fc.array(fc.constantFrom('/', '\\'), { minLength: p.segments.length, maxLength: p.segments.length })
      .map((separators) => ({ ...p, separators })),
  );

/** `https://s3.amazonaws.com/echo.api/x.pem?` and `…/x.pem#`: a `?` or `#` with nothing after it. */
const plain = {
  scheme: 'https', userinfo: '', host: 's3.amazonaws.com', port: '',
  segments: ['echo.api', 'x.pem'], separators: ['/', '/'], query: null, fragment: null,
} satisfies UrlParts;
const emptyQuery: UrlParts = { ...plain, query: '' };
const emptyFragment: UrlParts = { ...plain, fragment: '' };

function build(p: UrlParts): string {
  const path = p.segments.map((segment, i) => `${p.separators[i]}${segment}`).join('');
  const suffix = `${p.query === null ? '' : `?${p.query}`}${p.fragment === null ? '' : `#${p.fragment}`}`;
  return `${p.scheme}://${p.userinfo}${p.host}${p.port ? `:${p.port}` : ''}${path}${suffix}`;
}

function accepts(raw: string): boolean {
  try {
    normalizeCertUrl(raw);
    return true;
  } catch {
    return false;
  }
}

describe('certificate URL check (property)', () => {
  it('agrees with a direct encoding of Amazon\'s rules on generated URLs', () => {
    fc.assert(
      fc.property(fc.oneof(urlParts, likelyAccepted), (parts) => {
        expect(accepts(build(parts)), build(parts)).toBe(amazonAccepts(parts));
      }),
      { numRuns: 3000, examples: [[emptyQuery], [emptyFragment]] },
    );
  });

  it('returns a URL that itself passes and is already normalized (idempotent)', () => {
    fc.assert(
      fc.property(likelyAccepted, (parts) => {
        fc.pre(amazonAccepts(parts));
        const once = normalizeCertUrl(build(parts));
        expect(normalizeCertUrl(once)).toBe(once);
        expect(new URL(once).pathname.startsWith('/echo.api/')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws anything but its own error on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (raw) => {
        try {
          normalizeCertUrl(raw);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('CERT_URL_INVALID');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
