import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app lives in web/ and is built to web/dist, which the platform server serves.
const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);
const apiServer = 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The map page (Leaflet) is split off; the shell itself stays below this.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/auth', '/oidc', '/vneid-sim'].map((prefix) => [prefix, apiServer])),
  },
});
