#!/usr/bin/env node
// The `smartcity` command. Runs the compiled server when `npm run build:server` has produced it,
// otherwise the TypeScript sources through tsx (no build step needed after `npm ci`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/server/cli.js', import.meta.url));
if (existsSync(compiled) && process.env.SMARTCITY_FROM_SOURCE !== '1') {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli.ts');
}
