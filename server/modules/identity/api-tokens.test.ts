import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ckan } from '../../../test/support/ckan.ts';
import { type OfficialSession, signInOfficial } from '../../../test/support/officials.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';

/**
 * Personal API tokens: made and revoked in the console by the official, stored hashed, accepted as
 * `Authorization: <token>` or `Bearer <token>`, acting with the official's own roles and scope.
 */
let t: TestPlatform;
let steward: OfficialSession; // data steward of the Department of Health (so-y-te)
let other: OfficialSession; // data steward of the Department of Construction (so-xay-dung)

beforeAll(async () => {
  t = await createTestPlatform({ demo: true });
  [steward, other] = await Promise.all([signInOfficial(t, 'dulieu.soyte'), signInOfficial(t, 'baocao.soxd')]);
});
afterAll(() => t?.close());

const dataset = (name: string, owner: string) => ({
  name,
  title: 'Danh sách cơ sở y tế',
  notes: 'Các cơ sở khám chữa bệnh trên địa bàn.',
  owner_org: owner,
});

describe('personal API tokens', () => {
  let token: string;
  let tokenId: string;

  it('are created once, listed without the secret, and stored only as a hash', async () => {
    const created = await steward.request({
      method: 'POST',
      url: '/api/identity/api-tokens',
      payload: { name: 'Máy chủ đồng bộ CKAN', expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    token = created.json().token;
    tokenId = created.json().id;
    expect(token).toMatch(/^sc_pat_[A-Za-z0-9_-]{43}$/);
    expect(created.json()).toMatchObject({
      name: 'Máy chủ đồng bộ CKAN',
      active: true,
      hint: `sc_pat_…${token.slice(-4)}`,
    });
    const listed = await steward.request({ url: '/api/identity/api-tokens' });
    expect(listed.json()).toHaveLength(1);
    expect(JSON.stringify(listed.json())).not.toContain(token);
    const stored = await t.platform.context.database.executeSql('select token_hash from identity.api_tokens');
    expect(JSON.stringify(stored.rows)).not.toContain(token);
  });

  it('act with the official’s roles, bare or as a bearer token', async () => {
    const bare = await ckan(t, { action: 'package_create', data: dataset('co-so-y-te', 'so-y-te'), token });
    expect(bare.status).toBe(200);
    expect(bare.body).toMatchObject({ success: true, result: { name: 'co-so-y-te', owner_org: 'so-y-te' } });
    const bearer = await ckan(t, {
      action: 'package_patch',
      data: { id: 'co-so-y-te', title: 'Danh sách cơ sở y tế (cập nhật)' },
      token: `Bearer ${token}`,
    });
    expect(bearer.body.result.title).toBe('Danh sách cơ sở y tế (cập nhật)');
  });

  it('cannot write for another agency', async () => {
    const denied = await ckan(t, {
      action: 'package_create',
      data: dataset('cong-trinh-xay-dung', 'so-xay-dung'),
      token,
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ success: false, error: { __type: 'Authorization Error' } });
    const otherToken = (
      await other.request({
        method: 'POST',
        url: '/api/identity/api-tokens',
        payload: { name: 'Sở Xây dựng' },
      })
    ).json().token as string;
    const patch = await ckan(t, {
      action: 'package_patch',
      data: { id: 'co-so-y-te', title: 'Bị sửa' },
      token: otherToken,
    });
    expect(patch.status).toBe(403);
    expect(
      (await ckan(t, { action: 'package_show', data: { id: 'co-so-y-te' }, via: 'get' })).body.result.title,
    ).toBe('Danh sách cơ sở y tế (cập nhật)');
  });

  it('cannot make more tokens, and cannot be revoked by someone else', async () => {
    const minted = await t.server.inject({
      method: 'POST',
      url: '/api/identity/api-tokens',
      headers: { authorization: token, 'content-type': 'application/json' },
      payload: { name: 'từ mã' },
    });
    expect(minted.statusCode).toBe(403);
    const foreign = await other.request({ method: 'DELETE', url: `/api/identity/api-tokens/${tokenId}` });
    expect(foreign.statusCode).toBe(404);
  });

  it('stop working once revoked', async () => {
    const revoked = await steward.request({ method: 'DELETE', url: `/api/identity/api-tokens/${tokenId}` });
    expect(revoked.statusCode).toBe(204);
    const after = await ckan(t, {
      action: 'package_patch',
      data: { id: 'co-so-y-te', title: 'Sau thu hồi' },
      token,
    });
    expect(after.status).toBe(403);
    const listed = await steward.request({ url: '/api/identity/api-tokens' });
    expect(listed.json()[0]).toMatchObject({ active: false, revokedAt: expect.any(String) });
    const audit = await t.platform.context.database.executeSql(
      "select action from platform.audit_log where action like 'identity.api_token.%' order by seq",
    );
    expect((audit.rows as { action: string }[]).map((r) => r.action)).toEqual([
      'identity.api_token.create',
      'identity.api_token.create',
      'identity.api_token.revoke',
    ]);
  });

  it('refuses anonymous and citizen callers', async () => {
    const anonymous = await t.server.inject({ method: 'GET', url: '/api/identity/api-tokens' });
    expect(anonymous.statusCode).toBe(401);
    const garbage = await ckan(t, {
      action: 'package_create',
      data: dataset('x-y', 'so-y-te'),
      token: `sc_pat_${'A'.repeat(43)}`,
    });
    expect(garbage.status).toBe(403);
  });
});
