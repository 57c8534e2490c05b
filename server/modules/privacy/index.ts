import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import { createDeletionRequests } from './deletion.ts';
import { privacyMigrations } from './migrations.ts';
import type { PrivacyDeps } from './ports.ts';
import { privacyRoutes } from './privacy.routes.ts';

/**
 * The citizen's rights over their personal data (Decree 13/2023/NĐ-CP; docs/personal-data.md):
 * a copy of everything the platform holds about them, gathered through each module's door, and
 * deletion requests that erase at once what the law allows and say what is kept and why.
 */
export function createPrivacyModule(context: PlatformContext, deps: PrivacyDeps): PlatformModule {
  const deletions = createDeletionRequests(context, deps);
  return {
    name: 'privacy',
    migrations: privacyMigrations,
    routes: privacyRoutes(context, deps, deletions),
  };
}
