import { sql } from 'kysely';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCitizen } from '../../../../test/support/citizens.ts';
import { type OfficialSession, signInOfficial } from '../../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { seedDemoOfficials } from '../../../demo/officials.ts';
import { CAP_NAMESPACE } from './cap.ts';
import { SILENCE_JOB } from './index.ts';

/** Alert rules over the change feed, incidents with their denials and audit, and the public feeds. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read whatever JSON the API answers.
type Json = any;

let t: TestPlatform;
let ioc: OfficialSession;
let healthAdmin: OfficialSession;
let citizen: Record<string, string>;
let wards: string[];
const json = { 'content-type': 'application/json' };
const AGENCY = 'so-xay-dung';
const start = Date.now() - 60 * 60_000;
const minute = (n: number) => new Date(start + n * 60_000).toISOString();

beforeAll(async () => {
  t = await createTestPlatform();
  await t.platform.population.ensureGenerated(30);
  await seedDemoOfficials({
    org: t.platform.org,
    identity: t.platform.identity,
    log: t.platform.context.log,
  });
  [ioc, healthAdmin] = await Promise.all([
    signInOfficial(t, 'ioc.hanoi'),
    signInOfficial(t, 'quantri.soyte'),
  ]);
  citizen = (await signInCitizen(t)).headers;
  wards = (await t.platform.org.units({ kind: 'ward' })).slice(0, 3).map((unit) => unit.id);
  for (const [index, ward] of wards.entries()) {
    const response = await ioc.request({
      method: 'POST',
      url: '/api/urban/devices',
      payload: {
        id: `flood-${index}`,
        type: 'FloodMonitoring',
        domain: 'urban',
        unitId: ward,
        lon: 105.85,
        lat: 21.03,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
  }
}, 400_000);
afterAll(() => t?.close());

const entity = (index: number) => `urn:ngsi-ld:FloodMonitoring:flood-${index}`;
const rule = (id: string, unitId: string, condition: object) => ({
  id,
  nameVi: `Quy tắc ${id}`,
  nameEn: `Rule ${id}`,
  entityType: 'FloodMonitoring',
  unitId,
  condition,
  category: 'Met',
  eventVi: 'Ngập úng',
  eventEn: 'Flooding',
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Observed',
  agencyId: AGENCY,
  responseMinutes: 30,
});
const createRule = async (body: object) => {
  const response = await ioc.request({ method: 'POST', url: '/api/urban/alert-rules', payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Json;
};
/** A water level observed at `at`, through the NGSI-LD temporal API, then the alerts evaluated. */
const level = async (index: number, value: number, at: string) => {
  const response = await ioc.request({
    method: 'POST',
    url: `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(entity(index))}/attrs`,
    headers: json,
    payload: { currentLevel: [{ type: 'Property', value, observedAt: at }] },
  });
  expect(response.statusCode, response.body).toBe(204);
  await t.platform.urban.drainAlerts();
};
const alertsOf = async (index: number) => {
  const { rows } = await sql<Json>`
    select * from urban.alerts where entity_id = ${entity(index)} order by sent_at`.execute(
    t.platform.context.database.db,
  );
  return rows;
};
const auditOf = async (action: string) =>
  (
    await sql<Json>`select * from platform.audit_log where action = ${action} order by seq`.execute(
      t.platform.context.database.db,
    )
  ).rows;

describe('alert rules', () => {
  it('refuses rule writes to anyone but operators and the city administrator, and audits them', async () => {
    const body = rule('nguong-ngap', wards[0]!, {
      kind: 'threshold',
      attr: 'currentLevel',
      op: '>',
      value: 50,
    });
    const anonymous = await t.server.inject({ method: 'GET', url: '/api/urban/alert-rules' });
    expect(anonymous.statusCode).toBe(401);
    const asCitizen = await t.server.inject({
      method: 'POST',
      url: '/api/urban/alert-rules',
      headers: citizen,
      payload: body,
    });
    expect(asCitizen.statusCode).toBe(403);
    const other = await healthAdmin.request({ method: 'POST', url: '/api/urban/alert-rules', payload: body });
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).toContain('application/problem+json');
    const invalid = await ioc.request({
      method: 'POST',
      url: '/api/urban/alert-rules',
      payload: { ...body, condition: { kind: 'threshold', attr: 'currentLevel', op: '~', value: 1 } },
    });
    expect(invalid.statusCode).toBe(400);
    expect((invalid.json() as Json).vi.detail).toContain('Quy tắc cảnh báo không hợp lệ');
    const created = await createRule(body);
    expect(created).toMatchObject({ id: 'nguong-ngap', entityType: 'FloodMonitoring', unitId: wards[0] });
    expect(await auditOf('urban.alert-rule.create')).toHaveLength(1);
  });

  it('raises one alert when the threshold is crossed, not again while it holds, and again after it clears', async () => {
    await level(0, 30, minute(1));
    expect(await alertsOf(0)).toHaveLength(0);
    await level(0, 60, minute(2));
    await level(0, 70, minute(3));
    let alerts = await alertsOf(0);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].value).toEqual({ currentLevel: 60 });
    expect(alerts[0].cleared_at).toBeNull();
    const cap = alerts[0].cap;
    expect(cap).toMatchObject({ status: 'Actual', msgType: 'Alert', scope: 'Public' });
    expect(cap.sent).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(cap.info.map((info: Json) => info.language)).toEqual(['vi-VN', 'en-US']);
    expect(cap.info[0]).toMatchObject({ category: ['Met'], event: 'Ngập úng', severity: 'Severe' });
    expect(cap.info[0].area[0].circle).toEqual(['21.03,105.85 0.5']);
    await level(0, 20, minute(4));
    alerts = await alertsOf(0);
    expect(alerts[0].cleared_at).not.toBeNull();
    await level(0, 80, minute(5));
    alerts = await alertsOf(0);
    expect(alerts).toHaveLength(2);
    expect(await auditOf('urban.alert.raise')).toHaveLength(2);
    expect(await auditOf('urban.alert.clear')).toHaveLength(1);
    // The responsible agency's administrator heard of each alert.
    const [head] = await t.platform.org.officialsWithRole(AGENCY, 'agency_admin');
    const inbox = await t.platform.context.notify.inbox({ kind: 'official', id: head!.id }, { limit: 50 });
    expect(inbox.filter((n) => n.topic === 'urban.alert')).toHaveLength(2);
  });

  it('raises on a rate of change over the window', async () => {
    await createRule(
      rule('nuoc-dang-nhanh', wards[1]!, {
        kind: 'rate',
        attr: 'currentLevel',
        op: '>=',
        delta: 20,
        windowMinutes: 30,
      }),
    );
    await level(1, 10, minute(10));
    await level(1, 15, minute(20));
    expect(await alertsOf(1)).toHaveLength(0);
    await level(1, 40, minute(30));
    const alerts = await alertsOf(1);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].value).toEqual({ 'currentLevel.delta30m': 30 });
  });

  it('raises on silence from the minute job, and clears when the sensor reports again', async () => {
    await level(2, 5, minute(30));
    await createRule(
      rule('mat-tin-hieu', wards[2]!, { kind: 'any', conditions: [{ kind: 'silence', minutes: 10 }] }),
    );
    expect(await alertsOf(2)).toHaveLength(0);
    await t.platform.context.jobs.runNow(SILENCE_JOB, {});
    await t.platform.context.jobs.runNow(SILENCE_JOB, {});
    const alerts = await alertsOf(2);
    expect(alerts).toHaveLength(1);
    await level(2, 6, new Date().toISOString());
    expect((await alertsOf(2))[0].cleared_at).not.toBeNull();
  });
});

describe('incidents', () => {
  it('moves new → acknowledged → dispatched → resolved → closed for operators only, audited, the agency told', async () => {
    const list = await ioc.request({
      url: `/api/urban/alerts?type=FloodMonitoring&unitId=${wards[0]}&active=true`,
    });
    expect(list.statusCode, list.body).toBe(200);
    const alert = (list.json() as Json).items[0];
    expect(alert.incident.state).toBe('new');
    const incident = alert.incident.id as string;
    const step = (who: OfficialSession, name: string, payload: object = {}) =>
      who.request({ method: 'POST', url: `/api/urban/incidents/${incident}/${name}`, payload });

    expect((await t.server.inject({ url: '/api/urban/incidents' })).statusCode).toBe(401);
    expect((await t.server.inject({ url: '/api/urban/incidents', headers: citizen })).statusCode).toBe(403);
    expect((await step(healthAdmin, 'acknowledge')).statusCode).toBe(403);
    expect(
      (
        await t.server.inject({
          method: 'POST',
          url: `/api/urban/alerts/${alert.id}/acknowledge`,
          headers: citizen,
        })
      ).statusCode,
    ).toBe(403);
    const early = await step(ioc, 'resolve');
    expect(early.statusCode).toBe(409);
    expect((early.json() as Json).vi.detail).toContain('Sự cố đang ở trạng thái');

    const acknowledged = await ioc.request({
      method: 'POST',
      url: `/api/urban/alerts/${alert.id}/acknowledge`,
    });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect((acknowledged.json() as Json).state).toBe('acknowledged');
    const before = Date.now();
    const dispatched = await step(ioc, 'dispatch', { agencyId: AGENCY, note: 'Cử đội thoát nước' });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const deadline = Date.parse((dispatched.json() as Json).deadline);
    expect(deadline).toBeGreaterThanOrEqual(before + 30 * 60_000 - 1000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 1000);
    expect((await step(ioc, 'resolve')).statusCode).toBe(200);
    const closed = await step(ioc, 'close');
    expect(closed.json() as Json).toMatchObject({ state: 'closed', closedBy: 'ioc.hanoi', agencyId: AGENCY });

    for (const action of ['acknowledge', 'dispatch', 'resolve', 'close']) {
      const rows = (await auditOf(`urban.incident.${action}`)).filter(
        (row: Json) => row.object_id === incident,
      );
      expect(rows, action).toHaveLength(1);
      expect(rows[0].actor_label).toBe('ioc.hanoi');
    }
    const [head] = await t.platform.org.officialsWithRole(AGENCY, 'agency_admin');
    const inbox = await t.platform.context.notify.inbox({ kind: 'official', id: head!.id }, { limit: 50 });
    expect(inbox.filter((n) => n.topic === 'urban.incident.dispatch')).toHaveLength(1);

    const board = await ioc.request({ url: '/api/urban/incidents' });
    expect((board.json() as Json).columns.closed.map((i: Json) => i.id)).toContain(incident);
  });
});

/** Every element of the document, with its namespace; throws unless the XML is well-formed. */
function parseXml(xml: string) {
  const elements: { uri: string; local: string; attributes: Record<string, string> }[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) =>
    elements.push({
      uri: tag.uri ?? '',
      local: tag.local ?? tag.name,
      attributes: Object.fromEntries(
        Object.entries(tag.attributes).map(([k, v]) => [k, String((v as Json).value)]),
      ),
    }),
  );
  parser.write(xml).close();
  return elements;
}

describe('public alert feeds', () => {
  const db = () => t.platform.context.database.db;
  const ids = async (where: 'active' | 'cleared') =>
    (
      await sql<Json>`
      select id, cap, cleared_at from urban.alerts
      where ${where === 'active' ? sql`cleared_at is null` : sql`cleared_at is not null`}
      order by sent_at desc`.execute(db())
    ).rows;

  it('serves current alerts and the Cancel of cleared ones as Atom of CAP 1.2, one CAP document each, JSON and RSS 2.0', async () => {
    const active = await ids('active');
    const cleared = await ids('cleared');
    expect(active.length).toBeGreaterThan(0);
    expect(cleared.length).toBeGreaterThan(0);
    const all = active.length + cleared.length;

    const atom = await t.server.inject({ url: '/api/urban/public/alerts.cap' });
    expect(atom.statusCode).toBe(200);
    expect(atom.headers['content-type']).toContain('application/atom+xml');
    const elements = parseXml(atom.body);
    expect(elements[0]).toMatchObject({ uri: 'http://www.w3.org/2005/Atom', local: 'feed' });
    const capAlerts = elements.filter((e) => e.local === 'alert');
    expect(capAlerts).toHaveLength(all);
    expect(capAlerts.every((e) => e.uri === CAP_NAMESPACE)).toBe(true);
    expect(elements.filter((e) => e.local === 'info' && e.uri === CAP_NAMESPACE)).toHaveLength(2 * all);
    expect(elements.filter((e) => e.local === 'references')).toHaveLength(cleared.length);

    const one = await t.server.inject({ url: `/api/urban/public/alerts/${active[0].id}.cap` });
    expect(one.statusCode).toBe(200);
    expect(parseXml(one.body)[0]).toMatchObject({ uri: CAP_NAMESPACE, local: 'alert' });
    const unknown = await t.server.inject({
      url: '/api/urban/public/alerts/00000000-0000-0000-0000-000000000000.cap',
    });
    expect(unknown.statusCode).toBe(404);
    // An alert still in force has no Cancel.
    const noCancel = await t.server.inject({ url: `/api/urban/public/alerts/${active[0].id}.cancel.cap` });
    expect(noCancel.statusCode).toBe(404);
    const cancel = await t.server.inject({ url: `/api/urban/public/alerts/${cleared[0].id}.cancel.cap` });
    expect(cancel.statusCode).toBe(200);
    expect(parseXml(cancel.body).map((e) => e.local)).toContain('references');

    const feed = await t.server.inject({ url: '/api/urban/public/alerts.json' });
    const body = feed.json() as Json;
    expect(body.alerts).toHaveLength(all);
    expect(body.alerts[0].info[0].language).toBe('vi-VN');
    const cancels = body.alerts.filter((a: Json) => a.msgType === 'Cancel');
    expect(cancels).toHaveLength(cleared.length);
    const original = cleared[0].cap;
    const ofFirst = cancels.find((c: Json) => c.identifier === `${original.identifier}-cancel`);
    expect(ofFirst).toMatchObject({
      status: original.status,
      scope: 'Public',
      references: `${original.sender},${original.identifier},${original.sent}`,
    });
    expect(ofFirst.link).toMatch(/\.cancel\.cap$/);
    expect(ofFirst.info[0]).toMatchObject({ responseType: ['AllClear'], urgency: 'Past' });
    expect(ofFirst.info[0].headline).toMatch(/^Đã kết thúc: /);
    expect(ofFirst.info[1].headline).toMatch(/^Ended: /);
    expect(ofFirst.info[0].expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(body.alerts.filter((a: Json) => a.msgType === 'Alert')).toHaveLength(active.length);

    const rss = await t.server.inject({ url: '/api/urban/public/alerts.rss' });
    expect(rss.headers['content-type']).toContain('application/rss+xml');
    const items = parseXml(rss.body);
    expect(items[0]).toMatchObject({ local: 'rss', attributes: { version: '2.0' } });
    expect(items[1]?.local).toBe('channel');
    expect(items.filter((e) => e.local === 'item')).toHaveLength(all);
  });

  it('drops a cleared alert from the feeds a day after it cleared', async () => {
    const cleared = await ids('cleared');
    const before = ((await t.server.inject({ url: '/api/urban/public/alerts.json' })).json() as Json).alerts;
    await sql`update urban.alerts set cleared_at = now() - interval '25 hours' where id = ${cleared[0].id}`.execute(
      db(),
    );
    const after = ((await t.server.inject({ url: '/api/urban/public/alerts.json' })).json() as Json).alerts;
    expect(after).toHaveLength(before.length - 1);
    expect(after.map((a: Json) => a.identifier)).not.toContain(`${cleared[0].cap.identifier}-cancel`);
    // The Cancel itself stays available as a document.
    const cancel = await t.server.inject({ url: `/api/urban/public/alerts/${cleared[0].id}.cancel.cap` });
    expect(cancel.statusCode).toBe(200);
  });
});
