// ESLint 9 flat config: typescript-eslint's type-aware recommended rules over the whole tree
// (src, tools, test, vitest.config.ts, through the root tsconfig.json), with Prettier owning layout.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-tools/', 'node_modules/', 'test/corpus/', 'schema/', 'baselines/', 'data/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `const { screenshot: _png, ...rest } = capture` is how this code drops fields from a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  // This file is plain JavaScript outside the tsconfig: lint it without types.
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
  prettier,
);
