import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console is built once (at install) into `dist/`, which the server serves at `/`.
 * JSX goes through esbuild's automatic runtime, so no framework plugin is needed. `@qisu/core` is
 * bundled from its source, the same domain lists and rules the server runs (core has no Node imports).
 */
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  resolve: { alias: { '@qisu/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The manifest lets the benchmark weigh exactly what the first screen loads.
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // antd and react-router mark their modules "use client" for server components; a plain SPA ignores it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
