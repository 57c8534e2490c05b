import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPlatform, type Platform } from '../../server/app.ts';
import type { Clock } from '../../server/platform/clock.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { createTestDatabase } from './database.ts';

export type TestPlatform = {
  platform: Platform;
  server: Awaited<ReturnType<Platform['createServer']>>;
  dataDir: string;
  close(): Promise<void>;
};

/**
 * The whole platform over a fresh test database, migrated and with reference data, ready for
 * `server.inject(...)`. Demo data is off unless asked for (`demoPopulation` sizes the registry).
 */
export async function createTestPlatform(
  options: { demo?: boolean; demoPopulation?: number; clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestPlatform> {
  const testDatabase = await createTestDatabase({ prepared: true });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_DATA: options.demo ? 'true' : 'false',
    DEMO_POPULATION: String(options.demoPopulation ?? 300),
    PORT: '3999',
    ...options.env,
  });
  const platform = await createPlatform(config, { database: testDatabase.database, clock: options.clock });
  await platform.prepare();
  const server = await platform.createServer();
  await server.ready();
  return {
    platform,
    server,
    dataDir,
    async close() {
      await server.close();
      await testDatabase.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
