import type { ComputedSource } from '../../platform/kpi.ts';
import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { FollowerBuilder } from '../data/index.ts';
import type { OrgService } from '../org/index.ts';
import { createAlerts } from './alerts/index.ts';
import { createChangeFeed } from './changes.ts';
import { seedUrbanDemo } from './demo/index.ts';
import { createDevices, type DevicesService } from './devices/index.ts';
import { createIngest, type Ingest } from './ingest/index.ts';
import { createIoc } from './ioc/index.ts';
import { urbanKpiSources } from './kpi/index.ts';
import { urbanMigration } from './migrations/0001_urban.ts';
import { subscriptionsMigration } from './migrations/0002_subscriptions.ts';
import { alertsMigration } from './migrations/0003_alerts.ts';
import { outagesMigration } from './migrations/0004_outages.ts';
import { createNgsiApi } from './ngsi/routes.ts';
import { createSubscriptions } from './ngsi/subscriptions.module.ts';
import { temporalRoutes } from './ngsi/temporal.routes.ts';
import { createTemporalService } from './ngsi/temporal.service.ts';
import { createTemporalStore } from './ngsi/temporal.store.ts';
import { urbanOpenData } from './open-data/index.ts';
import { createOutages } from './outages/index.ts';
import { createPublicSensorApi } from './public/index.ts';
import { createChangeRelay } from './relay.ts';

export type { AqiLevel, AqiPollutant } from './aqi.ts';
export { AQI_LEVELS, aqiLevel, nowcast, vnAqi, vnAqiOverall } from './aqi.ts';
export type { EntityChange } from './changes.ts';
export type { Device, DeviceInput, DevicesService } from './devices/index.ts';
export type { Progress as SimulationProgress, SimulateOptions } from './simulator/index.ts';
export { simulate } from './simulator/index.ts';
export { compactTerm, entityIdOf, expandTerm } from './terms.ts';

/**
 * Smart-urban pilots and the operations centre (docs/smart-urban.md): devices and their MQTT
 * ingestion, the NGSI-LD context and temporal API with subscriptions, alert rules and incidents.
 * Parts share the tables of migrations/ and the change feed; each part is one folder.
 */
export function createUrbanModule(
  context: PlatformContext,
  deps: { org: OrgService },
): PlatformModule & {
  service: {
    changes: ReturnType<typeof createChangeFeed>;
    devices: DevicesService;
    ingest: Ingest;
    /** Resolves when every queued NGSI-LD notification has been delivered or given up. */
    drainNotifications: () => Promise<void>;
    /** Resolves when every queued change batch has been evaluated against the alert rules. */
    drainAlerts: () => Promise<void>;
  };
  /** The pilots' KPIs (urban/kpi/), for the metrics module. */
  kpiSources: ComputedSource[];
  /** The pilots' open datasets of daily aggregates (urban/open-data/), for the portal to follow. */
  openData: Record<string, FollowerBuilder>;
} {
  const changes = createChangeFeed();
  const devices = createDevices(context, deps);
  const ingest = createIngest(context, { devices: devices.service, changes });
  const ngsi = createNgsiApi(context, changes);
  const temporal = createTemporalService({
    db: context.database.db,
    store: createTemporalStore(context.database.db),
    audit: context.audit,
    clock: context.clock,
    changes,
  });
  const subscriptions = createSubscriptions(context, changes);
  const alerts = createAlerts(context, { org: deps.org, changes });
  const outages = createOutages(context, { org: deps.org });
  const publicSensors = createPublicSensorApi(context, { org: deps.org });
  const ioc = createIoc(context, { changes });
  const relay = createChangeRelay({ database: context.database, changes, log: context.log });
  return {
    name: 'urban',
    kpiSources: urbanKpiSources({ database: context.database, clock: context.clock }),
    openData: urbanOpenData({ database: context.database, clock: context.clock, org: deps.org }),
    migrations: [urbanMigration, subscriptionsMigration, alertsMigration, outagesMigration],
    routes: async (app) => {
      await app.register(devices.routes);
      await app.register(ngsi.routes);
      await app.register(temporalRoutes(temporal, context.config.publicUrl), { prefix: '/ngsi-ld/v1' });
      await app.register(subscriptions.routes, { prefix: '/ngsi-ld/v1' });
      await app.register(alerts.routes);
      await app.register(outages.routes);
      await app.register(publicSensors.routes);
      await app.register(ioc.routes);
    },
    // Simulated devices with 24 h of readings, default alert rules, outage notices (demo/).
    seedDemo: () =>
      seedUrbanDemo(context, {
        org: deps.org,
        devices: devices.service,
        outages: outages.service,
        changes,
        ensurePartitions: ingest.ensurePartitions,
        drainAlerts: alerts.drain,
        rules: alerts.rules,
      }),
    // The MQTT broker, the ingest worker and the relay to other instances run only under `smartcity start`.
    start: async () => {
      await relay.start();
      await ingest.start();
    },
    ready: () => ({ ...ingest.readiness(), ...relay.readiness() }),
    stop: async () => {
      await ingest.stop();
      await relay.stop();
      ioc.stop();
      await subscriptions.drain();
      await alerts.drain();
    },
    service: {
      changes,
      devices: devices.service,
      ingest,
      drainNotifications: subscriptions.drain,
      drainAlerts: alerts.drain,
    },
  };
}
