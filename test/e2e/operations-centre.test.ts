import net from 'node:net';
import mqtt from 'mqtt';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

// biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON the API answers.
type Json = any;

/** The embedded broker's port must be known to publish as a device: one free port, chosen here. */
const brokerPort = await new Promise<number>((resolve, reject) => {
  const probe = net.createServer();
  probe.on('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as net.AddressInfo;
    probe.close(() => resolve(port));
  });
});

const DEVICE = 'e2e-ngap-01';
const ENTITY = `urn:ngsi-ld:FloodMonitoring:${DEVICE}`;
/** The bound: the alert is on the operator's screen within 5 seconds of the reading. */
const ALERT_WITHIN_MS = 5_000;

async function operatorApi(page: Page, context: BrowserContext) {
  const csrf = (await context.cookies()).find((cookie) => cookie.name === 'sc_csrf')?.value ?? '';
  return async (path: string, data?: object) => {
    const response = data
      ? await page.request.post(path, { headers: { 'x-csrf-token': csrf }, data })
      : await page.request.get(path);
    const body = await response.json();
    expect(response.ok(), `${path}: ${JSON.stringify(body)}`).toBe(true);
    return body as Json;
  };
}

describe('the operations centre', () => {
  const suite = useBrowserSuite({ env: { MQTT_EMBEDDED_PORT: String(brokerPort) } });

  it('shows a simulated flood sensor’s alert live; the operator acknowledges, dispatches and resolves it', async () => {
    const { page, context, errors, close } = await suite.page();
    await signInAsOfficial(page, 'ioc.hanoi', '/trung-tam-dieu-hanh');
    await page.getByRole('heading', { level: 1, name: 'Trung tâm điều hành đô thị thông minh' }).waitFor();
    await page.locator('[data-live="live"]').waitFor();
    const call = await operatorApi(page, context);

    // A simulated flood sensor in the first ward. The demo data's city-wide flood rule applies to
    // it; without one the test adds a rule for the ward, so exactly one rule watches the level.
    const ward = (await call('/api/org/units?kind=ward')).units[0].id as string;
    const { secret } = await call('/api/urban/devices', {
      id: DEVICE,
      type: 'FloodMonitoring',
      domain: 'urban',
      unitId: ward,
      lon: 105.8412,
      lat: 21.0245,
      simulated: true,
    });
    const rules = (await call('/api/urban/alert-rules')).items.filter(
      (rule: Json) =>
        rule.isActive !== false &&
        rule.entityType === 'FloodMonitoring' &&
        (rule.unitId === null || rule.unitId === undefined || rule.unitId === ward),
    );
    expect(rules.length, JSON.stringify(rules)).toBeLessThanOrEqual(1);
    if (rules.length === 0)
      rules.push(
        await call('/api/urban/alert-rules', {
          id: 'e2e-ngap-sau',
          nameVi: 'Ngập sâu trên 0,3 m',
          nameEn: 'Water deeper than 0.3 m',
          entityType: 'FloodMonitoring',
          unitId: ward,
          condition: { kind: 'threshold', attr: 'currentLevel', op: '>=', value: 0.3 },
          category: 'Met',
          eventVi: 'Ngập úng',
          eventEn: 'Flooding',
          severity: 'Severe',
          urgency: 'Immediate',
          certainty: 'Observed',
          agencyId: 'so-xay-dung',
          responseMinutes: 30,
        }),
      );
    const threshold = rules[0].condition.value as number;
    expect(rules[0].condition).toMatchObject({ kind: 'threshold', attr: 'currentLevel' });

    // The device publishes over MQTT (QoS 1) as devices do: rising water, then over the threshold.
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${brokerPort}`, {
      clientId: DEVICE,
      username: DEVICE,
      password: secret,
      reconnectPeriod: 0,
    });
    const topic = `hanoi/urban/${DEVICE}/attrs`;
    const start = Date.now() - 60_000;
    for (const [index, level] of [threshold * 0.2, threshold * 0.6].entries())
      await device.publishAsync(
        topic,
        JSON.stringify({ observedAt: new Date(start + index * 20_000).toISOString(), currentLevel: level }),
        { qos: 1 },
      );
    await page.locator(`[data-device-id="${DEVICE}"][data-state="ok"]`).first().waitFor({ timeout: 60_000 });

    const alertItem = page.locator(`li[data-entity-id="${ENTITY}"]`);
    expect(await alertItem.count()).toBe(0);
    const crossed = Date.now();
    await device.publishAsync(
      topic,
      JSON.stringify({ observedAt: new Date().toISOString(), currentLevel: threshold + 0.25 }),
      {
        qos: 1,
      },
    );
    await alertItem.waitFor({ timeout: ALERT_WITHIN_MS });
    const shownAfter = Date.now() - crossed;
    await device.endAsync();
    await alertItem.getByText('Nghiêm trọng').waitFor();
    await alertItem.getByText('Dữ liệu mô phỏng').waitFor();
    // The map's dot turns red with the alert.
    await page.locator(`[data-device-id="${DEVICE}"][data-state="alert"]`).first().waitFor();
    await expectNoSeriousA11yViolations(page);

    // Acknowledge from the alert list; dispatch to the Department of Construction; resolve.
    const alert = (
      await call(`/api/urban/alerts?type=FloodMonitoring&unitId=${ward}&active=true`)
    ).items.find((item: Json) => item.entityId === ENTITY);
    await alertItem.getByRole('button', { name: 'Tiếp nhận' }).click();
    const card = (state: string) =>
      page.locator(`[data-column="${state}"] [data-incident-id="${alert.incident.id}"]`);
    await card('acknowledged').waitFor();
    await card('acknowledged').getByLabel('Giao cho cơ quan').selectOption('so-xay-dung');
    await card('acknowledged').getByLabel('Ghi chú').fill('Cử đội thoát nước đến hiện trường');
    await card('acknowledged').getByRole('button', { name: 'Giao xử lý' }).click();
    await card('dispatched').waitFor();
    await card('dispatched').getByText(/Hạn/).waitFor();
    await card('dispatched').getByRole('button', { name: 'Đã xử lý xong' }).click();
    await card('resolved').waitFor();

    // The server holds the same story, each step by the operator.
    const incident = await call(`/api/urban/incidents/${alert.incident.id}`);
    expect(incident).toMatchObject({
      state: 'resolved',
      agencyId: 'so-xay-dung',
      acknowledgedBy: 'ioc.hanoi',
      dispatchedBy: 'ioc.hanoi',
      resolvedBy: 'ioc.hanoi',
      note: 'Cử đội thoát nước đến hiện trường',
    });
    expect(shownAfter).toBeLessThanOrEqual(ALERT_WITHIN_MS);
    expect(errors).toEqual([]);
    await close();
  });

  it('offers the public a map of the non-sensitive layers, without sign-in', async () => {
    const { page, errors, close } = await suite.page();
    await page.goto('/ban-do-do-thi');
    await page.getByRole('heading', { level: 1, name: 'Bản đồ đô thị thông minh Hà Nội' }).waitFor();
    const layers = page.getByRole('radiogroup', { name: 'Lớp dữ liệu' });
    await layers.getByText('Ngập úng và chiếu sáng').waitFor();
    await layers.getByText('Chất lượng không khí').waitFor();
    expect(await layers.getByText('Nước sạch').count()).toBe(0);
    expect(await layers.getByText('Điện', { exact: true }).count()).toBe(0);
    await page.locator(`[data-device-id="${DEVICE}"]`).first().waitFor();
    await page.locator('[data-live="live"]').waitFor();
    await page.getByRole('link', { name: 'CAP (Atom)' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    const refused = await page.request.get('/api/urban/ioc/devices');
    expect(refused.status()).toBe(401);
    expect(errors).toEqual([]);
    await close();
  });
});
