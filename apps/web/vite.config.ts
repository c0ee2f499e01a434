import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Two pages share one build: the dashboard at /ui/ and the kiosk at /ui/kiosk/ (the server redirects /kiosk).
export default defineConfig({
  root: page('./src'),
  base: '/ui/',
  publicDir: false,
  build: {
    outDir: page('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { dashboard: page('./src/index.html'), kiosk: page('./src/kiosk/index.html') },
    },
  },
});
