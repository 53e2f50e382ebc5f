// Builds the operator console (console/src, React + Mantine) into console/dist, which the local
// hub serves (local/console/server.ts). No CDN, no fonts from elsewhere: everything is in the build.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { NONCE_PLACEHOLDER } from '../local/console/security.ts';
import { sizeBudget } from './build/size-budget.ts';

/** What a browser downloads for the console, gzipped: at most this. */
export const CONSOLE_BUDGET_BYTES = 300 * 1024;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  // The page carries a per-response nonce (the server fills it in) for the styles added at run time.
  html: { cspNonce: NONCE_PLACEHOLDER },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Our own figure (sizeBudget) replaces Vite's, and fails the build over budget.
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      // Mantine marks its modules "use client" for React Server Components; a browser bundle has no
      // use for the directive, and the warning would bury real ones.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  plugins: [sizeBudget(CONSOLE_BUDGET_BYTES)],
});
