/**
 * The `custodian` command line compiled to out/cli/custodian.mjs (plus a
 * chunk with the core, loaded on first use), so a call starts in tens of
 * milliseconds instead of compiling the TypeScript sources through tsx (about
 * 0.4 s) and resolving hundreds of package files every time. Vite (rolldown)
 * is the toolchain the app is already built with. Everything is bundled
 * except better-sqlite3, whose native binding loads from node_modules.
 *
 * Next to the bundle, sources.json lists the project files it was built
 * from: bin/custodian.mjs runs the bundle only while none of them is newer.
 */
import { relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

export const CLI_OUT_DIR = 'out/cli';

/** Writes sources.json: every file of this project (not node_modules) in the bundle. */
function listSources(): Plugin {
  return {
    name: 'custodian-cli-sources',
    generateBundle(_options, bundle) {
      const files = new Set<string>();
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const id of output.moduleIds) {
          const path = relative(process.cwd(), id.split('?')[0]!).split('\\').join('/');
          if (!path.startsWith('..') && !path.includes('node_modules/') && !path.startsWith('\0')) files.add(path);
        }
      }
      this.emitFile({
        type: 'asset',
        fileName: 'sources.json',
        source: `${JSON.stringify({ sources: [...files].sort() }, null, 2)}\n`,
      });
    },
  };
}

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  plugins: [listSources()],
  ssr: { noExternal: true, external: ['better-sqlite3'], target: 'node' },
  build: {
    ssr: true,
    outDir: CLI_OUT_DIR,
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: { custodian: 'src/main/cli/main.ts' },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
});
