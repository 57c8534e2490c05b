import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(() => t.close());

describe('HTTP platform', () => {
  it('reports health and readiness', async () => {
    expect((await t.server.inject('/api/health')).json()).toMatchObject({ status: 'ok' });
    const ready = await t.server.inject('/api/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.migrations.ok).toBe(true);
  });

  it('sets security headers and a request id', async () => {
    const response = await t.server.inject({
      url: '/api/health',
      headers: { 'x-request-id': 'trace-abc-12345' },
    });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(response.headers['x-request-id']).toBe('trace-abc-12345');
  });

  it('publishes OpenAPI 3.1 with the org routes and serves the docs UI locally', async () => {
    const spec = (await t.server.inject('/api/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/org/units', '/api/org/units/{unitId}']),
    );
    const docs = await t.server.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(docs.body).not.toMatch(/unpkg|jsdelivr|cdnjs/);
  });

  it('answers unknown routes with bilingual problem+json', async () => {
    const response = await t.server.inject({
      url: '/api/khong-ton-tai',
      headers: { 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'not_found',
      title: 'Not found',
      vi: { title: 'Không tìm thấy' },
    });
  });

  it('rejects unknown query fields', async () => {
    const response = await t.server.inject({ url: '/api/org/units?at=2026-01-01&bogus=1' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ path: 'querystring' });
    expect(response.json().errors[0].en).toContain('bogus');
  });
});
