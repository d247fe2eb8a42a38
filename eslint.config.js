import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/.wrangler/', '**/dist/', 'coverage/', '.dev/', 'worker-configuration.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './tsconfig.tools.json', './tsconfig.anchor.json'], tsconfigRootDir: import.meta.dirname },
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
    files: ['src/**/*.ts'],
    ignores: ['src/skill/i18n/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '/i18n/(?!index\\.ts$)', message: 'Use t(input) (src/skill/services.ts): its string functions escape data for SSML.' }],
      }],
      'no-restricted-syntax': ['error', {
        selector: 'CallExpression[callee.property.name=/^(speak|reprompt)$/][arguments.0.type=/^(TemplateLiteral|Literal|BinaryExpression)$/]',
        message: 'Speech comes from the locale strings (t(input)), whose functions escape data for SSML; add a string there.',
      }, {
        // README "What is cached, and where" is the whole KV key scheme; only src/kit/lib/kv-keys.ts makes a KvKey.
        selector: ':matches(TSAsExpression, TSTypeAssertion) > TSTypeReference.typeAnnotation[typeName.name="KvKey"]',
        message: 'KV keys are built only in src/kit/lib/kv-keys.ts (the README key scheme); add a builder there.',
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
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
