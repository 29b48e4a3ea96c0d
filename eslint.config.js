// Lint rules, including the module boundaries from DESIGN.md: the domain never imports a chat
// platform, and only src/config reads process.env.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const domainFolders = ['src/domain/**', 'src/ingest/**', 'src/analyze/**', 'src/store/**', 'src/pipeline/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: domainFolders,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['discord.js', '@discordjs/*', '@slack/*'], message: 'Platform libraries belong in src/chat/<platform>/ only.' },
            { group: ['**/chat/discord/**', '**/chat/slack/**', '**/chat/console/**'], message: 'The domain talks to platforms through the ChatPlatform port.' },
          ],
        },
      ],
    },
  },
  // Each platform adapter talks to the others never, and to the rest only through the port.
  ...[
    ['discord', ['slack', 'console']],
    ['slack', ['discord', 'console']],
    ['console', ['discord', 'slack']],
  ].map(([platform, others]) => ({
    files: [`src/chat/${platform}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: others.flatMap((other) => [`../${other}/**`, `**/chat/${other}/**`]), message: 'Platform adapters never import each other (DESIGN.md).' }] },
      ],
    },
  })),
  {
    files: ['src/**'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Only src/config reads process.env; take a typed Config instead.' }],
    },
  },
);
