import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The web app lives in web/; the Fastify server serves dist/web and the API under /api.
export default defineConfig({
  root: here,
  plugins: [react()],
  // The web uses the pure school rules of src/domain (they import only zod), never copies of them.
  resolve: { alias: { '@domain': path.resolve(here, '../src/domain') } },
  css: { postcss: path.join(here, 'postcss.config.cjs') },
  build: {
    outDir: path.resolve(here, '../dist/web'),
    emptyOutDir: true,
    // Mantine alone is ~300 kB; the warning would fire on every build without telling us anything new.
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
