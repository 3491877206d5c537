// Builds the renderer (root: renderer/, output: renderer/dist). Assets use relative URLs so the same build
// serves from the web mode's `/` and from Electron's app:// origin. Run: vite build --config renderer/vite.config.ts
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// No node:path here: the renderer layer may not import Node built-ins, so derive the folder from the URL.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The grid is one large chunk by design (canvas renderer); splitting it gains nothing for a local app.
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      onwarn(warning, warn) {
        // glide-data-grid's build leaves /*#__PURE__*/ comments Rollup cannot place: harmless, and noisy.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
});
