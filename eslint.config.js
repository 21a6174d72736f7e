// Lint, including the layering rules (docs/architecture.md):
//  - only src/main/electron/** and src/preload/index.ts import electron;
//  - src/shared imports nothing from Node, Electron, React or the DOM world;
//  - the renderer imports nothing from main or preload;
//  - better-sqlite3 only in the db layer, libsodium only in the crypto layer;
//  - date-fns by function path, never its root;
//  - inside the core, each folder imports only from the folders below it:
//    crypto < db < audit < formats < escrow, tickets < services < core.ts.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const msg = {
  electron: 'Only src/main/electron/** and src/preload/index.ts may import electron.',
  sqlite: 'SQL lives in the db layer: import better-sqlite3 only under src/main/core/db.',
  sodium: 'libsodium is used only under src/main/core/crypto.',
  node: 'This layer must stay environment-neutral: no Node built-ins.',
  react: 'React belongs to the renderer.',
  wholeLibrary:
    'Import date-fns by function (date-fns/addDays): its root loads all ~250 of its files, seconds at CLI start.',
};

/** Builds one no-restricted-imports rule (flat config replaces, not merges, a rule per file). */
function restrict({ electron = true, sqlite = true, sodium = true, node = false, react = false, patterns = [] }) {
  const paths = [{ name: 'date-fns', message: msg.wholeLibrary }];
  if (electron) paths.push({ name: 'electron', message: msg.electron });
  if (sqlite) paths.push({ name: 'better-sqlite3', message: msg.sqlite });
  if (sodium) paths.push({ name: 'libsodium-wrappers-sumo', message: msg.sodium });
  if (react) paths.push({ name: 'react', message: msg.react }, { name: 'react-dom', message: msg.react });
  // Exact names for built-ins: as gitignore-style patterns, "domain" would also match ./domain/...
  if (node) paths.push(...builtinModules.map((name) => ({ name, message: msg.node })));
  const groups = [...patterns];
  if (node) groups.push({ group: ['node:*'], message: msg.node });
  if (react) groups.push({ group: ['@mantine/*', '@tanstack/*', '@tabler/*', 'react-dom/*'], message: msg.react });
  return { 'no-restricted-imports': ['error', { paths, patterns: groups }] };
}

const intoMain = {
  group: ['**/main/**', '**/preload/**'],
  message: 'The renderer reaches main only through window.custodian.',
};
const intoApp = {
  group: ['**/main/**', '**/renderer/**', '**/preload/**'],
  message: 'src/shared is imported by every layer and imports none of them.',
};
const coreOutward = {
  group: ['**/ipc/**', '**/cli/**', '**/electron/**', '**/renderer/**'],
  message: 'The core does not know who calls it: no imports from ipc, cli, electron or renderer.',
};

/**
 * The core's layers, lowest first. A folder may import from the folders
 * before it in this list (and from the core's own base files: errors, clock,
 * paths, events), never from one after it.
 */
const CORE_LAYERS = [['crypto'], ['db'], ['audit'], ['formats'], ['escrow', 'tickets'], ['services']];

/** For files of one core layer: every folder above it is out of reach. */
function coreUpward(index) {
  const above = CORE_LAYERS.slice(index + 1).flat();
  const group = above.flatMap((folder) => [`**/core/${folder}/**`, `../${folder}/**`, `./${folder}/**`]);
  // Nothing below the composition root imports it.
  group.push('**/core/core', '../core', './core');
  return {
    group,
    message: `The core is layered (${CORE_LAYERS.map((l) => l.join('/')).join(' < ')}): a layer imports only from the layers below it.`,
  };
}

/** Lint config for each core layer: the outward rule, the upward rule, and the library each layer alone may use. */
const coreLayerConfigs = CORE_LAYERS.flatMap((folders, index) =>
  folders.map((folder) => ({
    files: [`src/main/core/${folder}/**/*.ts`],
    rules: restrict({
      react: true,
      sqlite: folder !== 'db',
      sodium: folder !== 'crypto',
      patterns: [coreOutward, coreUpward(index)],
    }),
  })),
);

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'test-results/**', 'bench/results/**', 'scratch/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict({ node: true, patterns: [intoMain] }),
    },
  },
  { files: ['src/shared/**/*.ts'], rules: restrict({ node: true, react: true, patterns: [intoApp] }) },
  { files: ['src/preload/**/*.ts'], rules: restrict({ node: true, react: true }) },
  { files: ['src/preload/index.ts'], rules: restrict({ electron: false, node: true, react: true }) },
  { files: ['src/main/**/*.ts'], rules: restrict({ react: true }) },
  { files: ['src/main/core/**/*.ts'], rules: restrict({ react: true, patterns: [coreOutward] }) },
  ...coreLayerConfigs,
  {
    files: ['src/main/core/*.ts'],
    ignores: ['src/main/core/core.ts'],
    rules: restrict({ react: true, patterns: [coreOutward, coreUpward(-1)] }),
  },
  { files: ['src/main/electron/**/*.ts'], rules: restrict({ electron: false, react: true }) },
  {
    files: ['src/main/cli/**/*.ts', 'bench/**/*.ts', 'bin/**', 'scripts/**', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
