import js from '@eslint/js';
import globals from 'globals';
import { dirname, relative, resolve, sep } from 'node:path';
import tseslint from 'typescript-eslint';

const KIT = resolve(import.meta.dirname, 'packages/alexa-skill-workers/src');
const PACKAGE = 'alexa-skill-workers';

/** True when `path` is `dir` or inside it. */
const within = (path, dir) => path === dir || path.startsWith(dir + sep);
/** The kit's testing modules: for tests only (packages/alexa-skill-workers/docs/api.md). */
const isTesting = (path) => within(path, resolve(KIT, 'testing')) || path === resolve(KIT, 'testing.ts');
/** Code that runs in a Worker: src/** and an example's src/**, not its tests. */
const isRuntime = (path) => /^(examples\/[^/]+\/)?src\//.test(relative(import.meta.dirname, path).split(sep).join('/'));

/**
 * The kit's boundaries, resolved from each import's path (not guessed from its text):
 * (a) outside packages/alexa-skill-workers/src, the kit is imported only through its public entries, `alexa-skill-workers/<entry>`;
 * (b) packages/alexa-skill-workers/src/** imports nothing outside itself, not even itself by the package name;
 * (c) nothing that runs in a Worker imports the testing modules (packages/alexa-skill-workers/src/testing.ts, packages/alexa-skill-workers/src/testing/**).
 * test-node/package/kit-lint.test.ts shows each rule refusing what it should.
 */
const kitBoundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename;
    const inKit = within(file, KIT);
    const check = (node) => {
      const specifier = node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
      if (specifier === undefined) return;
      const report = (message) => context.report({ node, message });
      if (specifier === PACKAGE || specifier.startsWith(`${PACKAGE}/`)) {
        if (inKit) report(`The kit imports its own modules by relative path, never as ${specifier}.`);
        else if (specifier === `${PACKAGE}/testing` && isRuntime(file)) report(`${specifier} is for tests; code that runs in a Worker never imports it.`);
        return;
      }
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) return;
      const target = resolve(dirname(file), specifier);
      if (!inKit && within(target, KIT)) report(`Import the kit through its public entries (${PACKAGE}, /errors, /hono, /linking, /ask-sdk, /testing), not by path.`);
      else if (inKit && !within(target, KIT)) report('The kit imports nothing outside packages/alexa-skill-workers/src: it is the package, and the package holds only its src/.');
      else if (inKit && isTesting(target) && !isTesting(file)) report('The kit\'s runtime modules never import its testing modules (a test CA has no place in a Worker).');
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
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
    files: ['src/**/*.ts', 'packages/*/src/**/*.ts', 'examples/**/*.ts'],
    plugins: { kit: { rules: { boundaries: kitBoundaries } } },
    rules: { 'kit/boundaries': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
