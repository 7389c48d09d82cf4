// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * The house rules: typescript-eslint's type-checked presets, plus the privacy rules lint can
 * guard. Library code must not log (a log line is where personal data leaks) and must not read
 * `process.env` except in a module named `config.ts` (the one place configuration enters).
 *
 * A browser package (`browser: true`) may import only types from the schema package's zod
 * entries: its values come from the zod-free `@onmion/privacy-schema/browser`, so no page bundles
 * the validator by accident.
 *
 * @param {{ tsconfigRootDir: string, library?: boolean, browser?: boolean, ignores?: string[] }} options
 */
export function defineConfig(options) {
  const library = options.library ?? true
  return tseslint.config(
    // `.readme-example-*.ts`: the README tests write each example to such a file while they run;
    // turbo runs lint beside test, so lint must not see (and fail to parse) a file that is there
    // for a moment only.
    { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '*.config.*', '**/.readme-example-*', ...(options.ignores ?? [])] },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    ...tseslint.configs.stylisticTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir: options.tsconfigRootDir },
      },
      rules: {
        '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
        '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        '@typescript-eslint/consistent-type-definitions': 'off',
        '@typescript-eslint/no-confusing-void-expression': 'off',
        'no-restricted-syntax': [
          'error',
          {
            selector: "MemberExpression[object.name='process'][property.name='env']",
            message: 'Read process.env only in config.ts: configuration enters in one place.',
          },
        ],
        ...(library ? { 'no-console': 'error' } : {}),
      },
    },
    ...(options.browser === true
      ? [
          {
            files: ['src/**/*.ts', 'src/**/*.tsx'],
            ignores: ['**/*.test.ts', '**/*.test.tsx', '**/*.test-d.ts'],
            rules: {
              '@typescript-eslint/no-restricted-imports': [
                'error',
                ...['@onmion/privacy-schema', '@onmion/privacy-schema/consent-cookie'].map((name) => ({
                  name,
                  allowTypeImports: true,
                  message: 'This entry bundles zod into pages: import values from @onmion/privacy-schema/browser (types may come from here).',
                })),
              ],
            },
          },
        ]
      : []),
    {
      files: ['**/config.ts', '**/*.test.ts', '**/*.test.tsx', '**/test/**', '**/bench/**', '**/scripts/**'],
      rules: { 'no-restricted-syntax': 'off', 'no-console': 'off' },
    },
    {
      files: ['**/*.test.ts', '**/*.test.tsx', '**/*.test-d.ts', '**/test/**', '**/bench/**'],
      rules: {
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-call': 'off',
        '@typescript-eslint/no-unsafe-argument': 'off',
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/unbound-method': 'off',
      },
    },
  )
}
