import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// Built by build.mjs into dist/web and served by the backend under /app/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    // `vite` alone for front-end work against a running `mailtrail start`.
    proxy: { '/web': 'http://127.0.0.1:8787', '/events': 'http://127.0.0.1:8787', '/t': 'http://127.0.0.1:8787' },
  },
});
