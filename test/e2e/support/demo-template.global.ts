import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type DemoTemplate, seedDemoTemplate } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory with the demo platform seeded (`smartcity seed-demo`), to copy per browser suite. */
    e2eDemoTemplate: DemoTemplate;
  }
}

/**
 * Seeding the demo platform (every module, 500 synthetic residents) is most of a browser suite's
 * start-up; done once here per run, each suite's server starts over a copy of it. `smartcity start`
 * then does what it does over any seeded data directory: migrations and demo seeds find their work
 * done, the urban history is filled up to now, and KPIs are measured on the suite's own clock.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-e2e-template-'));
  try {
    project.provide('e2eDemoTemplate', await seedDemoTemplate(dataDir));
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return async () => rm(dataDir, { recursive: true, force: true });
}
