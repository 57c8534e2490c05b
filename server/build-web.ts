import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WEB_DIST } from './web.ts';

/** Builds the web app with Vite when it has not been built yet (first `npm start` after `npm ci`). */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(path.join(WEB_DIST, 'index.html'))) return;
  console.log('Đang build ứng dụng web lần đầu… / Building the web app for the first time…');
  const { build } = await import('vite');
  await build({
    configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  });
}
