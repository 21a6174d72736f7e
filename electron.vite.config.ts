import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: 'src/main/index.ts' } },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot require() packages: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: { input: { index: 'src/preload/index.ts' }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      // electron-vite leaves the renderer unminified by default; a 2 MB main chunk is slow to parse at start.
      minify: true,
      rolldownOptions: { input: { index: 'src/renderer/index.html' } },
    },
  },
});
