import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { WEB_BUILD_INPUTS, sourceHash, writeStamp } from '../../scripts/web-build-stamp.js';

const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const outDir = page('./dist');

/** Records what the build was made from, so `npm start` skips the next build when nothing changed. */
function stampSources(): Plugin {
  let hash = '';
  return {
    name: 'stamp-sources',
    apply: 'build',
    buildStart() {
      hash = sourceHash(WEB_BUILD_INPUTS);
    },
    closeBundle() {
      writeStamp(outDir, hash);
    },
  };
}

// Two pages share one build: the dashboard at /ui/ and the kiosk at /ui/kiosk/ (the server redirects /kiosk).
export default defineConfig({
  root: page('./src'),
  base: '/ui/',
  publicDir: false,
  plugins: [stampSources()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { dashboard: page('./src/index.html'), kiosk: page('./src/kiosk/index.html') },
      onwarn(warning, warn) {
        // zod's comments explaining its own @__PURE__ placement: Rollup drops them, the code is unaffected.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
});
