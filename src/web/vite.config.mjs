// Builds the hub's own faces (src/web/README in the top README): the console (index.html)
// and the GraphiQL explorer (explorer.html), both served by the hub from src/web/dist.
// No CDN: every script, style, font and Monaco worker is bundled here.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  clearScreen: false,
  publicDir: false,
  // JSX through Vite's own transformer (no Babel, no plugin): React 19's automatic runtime
  oxc: { jsx: { runtime: 'automatic' } },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      // framer-motion (GraphiQL) marks modules "use client": meaningless in a plain bundle
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        explorer: fileURLToPath(new URL('explorer.html', import.meta.url)),
      },
    },
  },
});
