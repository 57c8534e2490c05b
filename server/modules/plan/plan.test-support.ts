import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import {
  acrValues,
  anonymous,
  type Membership,
  type Principal,
  systemActor,
} from '../../platform/auth/principal.ts';
import { type Clock, isoDateInHanoi } from '../../platform/clock.ts';
import { createHttpServer } from '../../platform/http/server.ts';
import type { PlatformContext } from '../../platform/module.ts';
import type { MetricsService } from '../metrics/index.ts';
import type { OrgService } from '../org/index.ts';
import { planRoutes } from './plan.routes.ts';
import type { PlanService } from './plan.service.ts';

/** What the tests' platform (test/support/platform.ts) offers, as far as these helpers need it. */
export type TestPlatform = {
  platform: { plan: PlanService; metrics: MetricsService; org: OrgService; context: PlatformContext };
  server: FastifyInstance;
  close(): Promise<void>;
};

/**
 * Test support for the plan module: the real platform over a test database, and the module's
 * routes behind a server whose principal each request names (`x-test-principal`), since signing
 * in is the identity module's job. Time is a clock the test moves.
 */
export const official = (username: string, memberships: Membership[]): Principal => ({
  kind: 'official',
  accountId: `acct-${username}`,
  officialId: `official-${username}`,
  sessionId: `session-${username}`,
  username,
  fullName: username,
  acr: acrValues.officialMfa,
  memberships,
});

export const principals: Record<string, Principal> = {
  // plan_owner is city-wide: org grants it at the city only.
  owner: official('owner', [{ unitId: 'hanoi', role: 'plan_owner' }]),
  // A grant org refuses (plan_owner at another agency): it owns nothing.
  ownerElsewhere: official('owner.yte', [{ unitId: 'so-y-te', role: 'plan_owner' }]),
  cityReviewer: official('reviewer.city', [{ unitId: 'hanoi', role: 'agency_reviewer' }]),
  reporterYte: official('reporter.yte', [{ unitId: 'so-y-te', role: 'agency_reporter' }]),
  reviewerYte: official('reviewer.yte', [{ unitId: 'so-y-te', role: 'agency_reviewer' }]),
  reporterXd: official('reporter.xd', [{ unitId: 'so-xay-dung', role: 'agency_reporter' }]),
  reviewerXd: official('reviewer.xd', [{ unitId: 'so-xay-dung', role: 'agency_reviewer' }]),
  reporterKhcn: official('reporter.khcn', [{ unitId: 'so-kh-cn', role: 'agency_reporter' }]),
  reporterHoanKiem: official('reporter.hk', [{ unitId: 'comm-00070', role: 'agency_reporter' }]),
  caseOfficer: official('case.yte', [{ unitId: 'so-y-te', role: 'case_officer' }]),
  citizen: {
    kind: 'citizen',
    accountId: 'acct-citizen',
    sessionId: 'session-citizen',
    personalId: '001099000001',
    fullName: 'Công dân thử nghiệm',
    acr: acrValues.vneidLevel2,
  },
};

export type MovableClock = Clock & { set(iso: string): void };

export function movableClock(start: string): MovableClock {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    today: () => isoDateInHanoi(now),
    set(iso: string) {
      now = new Date(iso);
    },
  };
}

export type PlanHarness = {
  t: TestPlatform;
  clock: MovableClock;
  server: FastifyInstance;
  as(who: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

/** `t` is the platform the test made with `createTestPlatform({ clock })`, on the same clock. */
export async function createPlanHarness(t: TestPlatform, clock: MovableClock): Promise<PlanHarness> {
  const server = await createHttpServer({
    logLevel: 'silent',
    trustProxy: false,
    publicUrl: 'http://localhost:3999',
    version: 'test',
    resolvePrincipal: async (request) => principals[String(request.headers['x-test-principal'])] ?? anonymous,
  });
  await server.register(planRoutes(t.platform.plan));
  await server.ready();
  return {
    t,
    clock,
    server,
    as(who, inject) {
      return server.inject({
        ...inject,
        // A bearer header stands for a non-browser client: no CSRF cookie needed.
        headers: {
          ...(who ? { 'x-test-principal': who, authorization: 'Bearer test' } : {}),
          ...inject.headers,
        },
      });
    },
    async close() {
      await server.close();
      await t.close();
    },
  };
}

/** Approved values straight into metrics, as an import or a computed load would leave them. */
export async function approvedValues(
  t: TestPlatform,
  rows: { code: string; period: string; agencyId?: string; value: number; example?: boolean }[],
) {
  const actor = systemActor('test:values');
  const metrics = t.platform.metrics;
  await t.platform.context.database.db.transaction().execute(async (trx) => {
    for (const row of rows) {
      await metrics.saveObservation(
        actor,
        {
          indicatorCode: row.code,
          period: row.period,
          agencyId: row.agencyId ?? 'hanoi',
          value: row.value,
          example: row.example ?? false,
        },
        trx,
      );
      await metrics.setStatus(
        trx,
        actor,
        { agencyId: row.agencyId ?? 'hanoi', period: row.period, indicatorCodes: [row.code] },
        'approved',
      );
    }
  });
}
