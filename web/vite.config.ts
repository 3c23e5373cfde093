import { defineConfig } from 'vite';

const webRoot = import.meta.dirname;

// Built with `npx vite build --config web/vite.config.ts` from the repository root; the server
// serves web/dist at `/`. JSX is compiled by Vite's own transformer (Oxc, which replaced esbuild
// in Vite 8) with Preact's automatic runtime, so no framework preset is needed.
export default defineConfig({
  root: webRoot,
  // Relative asset URLs: index.html works wherever the server mounts it.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    // `npx vite --config web/vite.config.ts` develops against a running `ballast serve`.
    proxy: Object.fromEntries(['/v1', '/healthz', '/readyz'].map((path) => [path, process.env.BALLAST_URL ?? 'http://127.0.0.1:7070'])),
  },
});
