// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'addon/',
      'dist/',
      'data/',
      'coverage/',
      'bench/results/',
      'test/emulator/apps-script-types/',
      'test/emulator/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // TypeScript already checks names; the rule does not know type-only globals.
      'no-undef': 'off',
      // Refusing control characters in hostile input is the point of those patterns.
      'no-control-regex': 'off',
    },
  },
  // Kysely's migrations run against no fixed schema, which it types as Kysely<any>.
  {
    files: ['src/server/store/migrations/**', 'src/server/store/dialect.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Tests read JSON answers of any shape.
  { files: ['test/**', 'bench/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['src/web/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['src/addon/**'], languageOptions: { globals: { ...globals.es2019 } } },
  prettier,
);
