import js from '@eslint/js';
import globals from 'globals';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;
const PACKAGE = 'alexa-skill-workers';
const PACKAGE_DIR = resolve(ROOT, 'packages', PACKAGE);
const KIT = resolve(PACKAGE_DIR, 'src');
/** The workspace's link to the package: a path through it reaches into the package too. */
const PACKAGE_LINK = resolve(ROOT, 'node_modules', PACKAGE);
/** The kit's public entries, as imported: `alexa-skill-workers`, `alexa-skill-workers/errors`, … (its package.json "exports"). */
const ENTRIES = new Set(
  Object.keys(JSON.parse(readFileSync(resolve(PACKAGE_DIR, 'package.json'), 'utf8')).exports).map((key) =>
    key === '.' ? PACKAGE : `${PACKAGE}/${key.slice(2)}`,
  ),
);
const ENTRY_LIST = [...ENTRIES].map((entry) => (entry === PACKAGE ? entry : entry.slice(PACKAGE.length))).join(', ');

/** `path` relative to the repository, with forward slashes. */
const fromRoot = (path) => relative(ROOT, path).split(sep).join('/');
/** True when `path` is `dir` or inside it. */
const within = (path, dir) => path === dir || path.startsWith(dir + sep);
/** The kit's testing modules: for tests only (packages/alexa-skill-workers/docs/api.md). */
const isTesting = (path) => within(path, resolve(KIT, 'testing')) || path === resolve(KIT, 'testing.ts');
/** The kit's command line (Node only, never reachable from a Worker's entries): its simulator signs with the test PKI. */
const isCli = (path) => within(path, resolve(KIT, 'cli'));
/** Code that runs in a Worker: Ride Hailer's src/**, an example's src/**, the demo service's src/**; not their tests or tools. */
const isRuntime = (path) => /^(examples\/[^/]+\/|demo\/(?:[^/]+\/)*)?src\//.test(fromRoot(path));
/** A test configuration at the top of the repository or of the package (vitest.config.ts, vitest.projects.ts, …). */
const isTestConfig = (path, dir) => dirname(path) === dir && /^vitest\.[\w.-]*\.ts$/.test(path.slice(dir.length + 1));
/** A page of the kit's documentation (README.md, docs/**): its text may be read (`?raw`), it is not the kit's code. */
const isDocsPage = (path) => path.endsWith('.md') && (path === resolve(PACKAGE_DIR, 'README.md') || within(path, resolve(PACKAGE_DIR, 'docs')));

/**
 * The kit's boundaries, resolved from each import's path (not guessed from its text), in every file of the repository:
 * (a) outside packages/alexa-skill-workers/, the kit is imported only as `alexa-skill-workers` or
 *     `alexa-skill-workers/<entry>`, an entry its package.json "exports" names; never by path into the package
 *     (its src/, dist/, tests), directly or through node_modules; a `?raw` import of one of its docs pages is text, not
 *     the kit, and the repository's vitest configuration includes the package's test projects (vitest.projects.ts);
 * (b) packages/alexa-skill-workers/src/** imports nothing outside itself, not even itself by the package name; the
 *     package's own tests, bench and configs import its src/ by relative path (by name they would load the built
 *     dist/, a second copy of the kit) and nothing outside the package (a library's tests don't run through its sample);
 * (c) nothing that runs in a Worker imports the testing modules: the kit's runtime modules never import
 *     src/testing.ts or src/testing/** (its command line, src/cli/**, is Node only and may), and Ride Hailer's src/**, an example's src/** (examples/<name>/src/) and the
 *     demo service's src/** (demo/<service>/src/) never import `alexa-skill-workers/testing`.
 * test-node/package/kit-lint.test.ts shows each rule refusing what it should.
 */
const kitBoundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename;
    const inPackage = within(file, PACKAGE_DIR);
    const inKit = within(file, KIT);
    const check = (node) => {
      const specifier = node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
      if (specifier === undefined) return;
      const report = (message) => context.report({ node, message });
      if (specifier === PACKAGE || specifier.startsWith(`${PACKAGE}/`)) {
        if (inKit) report(`The kit imports its own modules by relative path, never as ${specifier}.`);
        else if (inPackage) report(`The kit's own tests import its src/ by relative path: ${specifier} would load the built dist/, a second copy of the kit.`);
        else if (!ENTRIES.has(specifier)) report(`${specifier} is not one of the kit's public entries (${ENTRY_LIST}: its package.json "exports").`);
        else if (specifier === `${PACKAGE}/testing` && isRuntime(file)) report(`${specifier} is for tests; code that runs in a Worker never imports it.`);
        return;
      }
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) return;
      const [path, query] = specifier.split('?');
      const target = resolve(dirname(file), path);
      if (!inPackage) {
        const raw = query !== undefined && new URLSearchParams(query).has('raw');
        const allowed = (raw && isDocsPage(target)) || (isTestConfig(file, ROOT) && isTestConfig(target, PACKAGE_DIR));
        if ((within(target, PACKAGE_DIR) || within(target, PACKAGE_LINK)) && !allowed) {
          report(`Import the kit through its public entries (${ENTRY_LIST}), not by path.`);
        }
      } else if (inKit) {
        if (!within(target, KIT)) report('The kit imports nothing outside packages/alexa-skill-workers/src: it is the package, and the package holds only its src/.');
        else if (isTesting(target) && !isTesting(file) && !isCli(file)) report('The kit\'s runtime modules never import its testing modules (a test CA has no place in a Worker).');
      } else if (!within(target, PACKAGE_DIR)) {
        report('The kit\'s own tests, bench and configs import nothing outside packages/alexa-skill-workers: a library\'s tests don\'t run through its sample app.');
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // `typeof import('…')` and `import('…').Name` in a type.
      TSImportType: (node) => check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : undefined),
    };
  },
};

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/.wrangler/', '**/dist/', 'coverage/', '.dev/', '.doc-blocks-*/', 'worker-configuration.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './packages/alexa-skill-workers/tsconfig.json', './tsconfig.tools.json', './tsconfig.anchor.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      'no-console': ['error', { allow: ['log', 'warn', 'error', 'table'] }],
    },
  },
  {
    // Speech reaches Alexa as SSML; data goes into it only through a locale's string functions,
    // which escape their arguments (src/skill/i18n/ssml.ts). Handlers get the tables from t(input).
    files: ['src/**/*.ts', 'packages/alexa-skill-workers/src/**/*.ts'],
    ignores: ['src/skill/i18n/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '/i18n/(?!index\\.ts$)', message: 'Use t(input) (src/skill/services.ts): its string functions escape data for SSML.' }],
      }],
      'no-restricted-syntax': ['error', {
        selector: 'CallExpression[callee.property.name=/^(speak|reprompt)$/][arguments.0.type=/^(TemplateLiteral|Literal|BinaryExpression)$/]',
        message: 'Speech comes from the locale strings (t(input)), whose functions escape data for SSML; add a string there.',
      }, {
        // packages/alexa-skill-workers/docs/caching.md is the whole KV key scheme; only packages/alexa-skill-workers/src/lib/kv-keys.ts makes a KvKey.
        selector: ':matches(TSAsExpression, TSTypeAssertion) > TSTypeReference.typeAnnotation[typeName.name="KvKey"]',
        message: 'KV keys are built only in packages/alexa-skill-workers/src/lib/kv-keys.ts (the key scheme of packages/alexa-skill-workers/docs/caching.md); add a builder there.',
      }],
    },
  },
  {
    // One handler per file, none importing another: what handlers share (session and persistent
    // attributes, responses) lives beside them in src/skill/ (attributes.ts, responses.ts).
    // Repeats the i18n pattern above: a later block's no-restricted-imports replaces the earlier one.
    files: ['src/skill/handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '/i18n/(?!index\\.ts$)', message: 'Use t(input) (src/skill/services.ts): its string functions escape data for SSML.' },
          { regex: '^\\./|/handlers/', message: 'A handler never imports another handler: shared state goes in src/skill/attributes.ts, shared answers in src/skill/responses.ts.' },
        ],
      }],
    },
  },
  {
    // Its own rule, not no-restricted-imports: a later block's no-restricted-imports replaces an earlier one.
    // Every file of the repository: the rule itself tells the kit's package from everything else.
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    plugins: { kit: { rules: { boundaries: kitBoundaries } } },
    rules: { 'kit/boundaries': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
