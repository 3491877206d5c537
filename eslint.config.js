// One lint config for every runtime; layer rules live in scripts/check-layers.mjs.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'renderer/dist/**',
      'test-artifacts/**',
      'bench-results/**',
      '.tmp/**',
      'release/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['cli/**', 'scripts/**', 'server/**', 'bin/**', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
);
