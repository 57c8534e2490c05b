import { seedDemoOfficials } from '../../server/demo/officials.ts';
import type { TestPlatform } from './platform.ts';

/** Only the demo officials (not every module's demo data), for tests that sign them in. */
export async function seedOfficials(t: TestPlatform): Promise<void> {
  await seedDemoOfficials({
    org: t.platform.org,
    identity: t.platform.identity,
    log: t.platform.context.log,
  });
}
