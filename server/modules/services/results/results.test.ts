import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../../../../test/support/pdf.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { acrValues, anonymous, type Principal } from '../../../platform/auth/principal.ts';
import { createHttpServer } from '../../../platform/http/server.ts';
import { resultsRoutes } from './results.routes.ts';
import type { IssueResultInput } from './results.schema.ts';
import type { IssuedResult, ResultsService } from './results.service.ts';

/**
 * Signed results end to end over a real database: issue (PDF, signature, QR link), public
 * verification, copy checks (identical, tampered, extended), revocation and who may download.
 */
let t: TestPlatform;
let results: ResultsService;
/** The part's routes behind a server whose principal the test chooses (sign-in is identity's job). */
let server: FastifyInstance;
let issued: IssuedResult;
let pdf: Buffer;

const OWNER_ID = '001090012345';
const citizen = (personalId: string): Principal => ({
  kind: 'citizen',
  accountId: `acct-${personalId}`,
  sessionId: 'session-1',
  personalId,
  fullName: 'Công dân thử nghiệm',
  acr: acrValues.vneidLevel2,
});
const official = (
  username: string,
  unitId: string,
  role: 'case_officer' | 'agency_admin' | 'data_steward',
): Principal => ({
  kind: 'official',
  accountId: `acct-${username}`,
  officialId: `official-${username}`,
  sessionId: `session-${username}`,
  username,
  fullName: 'Cán bộ thử nghiệm',
  acr: acrValues.officialMfa,
  memberships: [{ unitId, role }],
});
const principals: Record<string, Principal> = {
  owner: citizen(OWNER_ID),
  otherCitizen: citizen('001090099999'),
  healthOfficer: official('hoso.soyte', 'so-y-te', 'case_officer'),
  healthSteward: official('dulieu.soyte', 'so-y-te', 'data_steward'),
  constructionOfficer: official('hoso.soxd', 'so-xay-dung', 'case_officer'),
};

const request = (
  who: string | null,
  init: {
    method?: 'GET' | 'POST';
    url: string;
    payload?: string | Buffer | object;
    headers?: Record<string, string>;
  },
) =>
  server.inject({
    method: init.method ?? 'GET',
    url: init.url,
    payload: init.payload,
    cookies: { sc_csrf: 'test-csrf' },
    headers: { 'x-csrf-token': 'test-csrf', ...(who ? { 'x-test-principal': who } : {}), ...init.headers },
  });

const multipart = (bytes: Buffer, filename = 'ket-qua.pdf') => {
  const boundary = '----results-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
};
const check = (id: string, bytes: Buffer, filename?: string) =>
  request(null, { method: 'POST', url: `/api/verify/${id}/check`, ...multipart(bytes, filename) });

const input = (dossierId: string): IssueResultInput => ({
  dossierId,
  dossierCode: `HS-${dossierId}`,
  procedureCode: 'YT-ATTP-01',
  agencyId: 'so-y-te',
  subject: { personalId: OWNER_ID, fullName: 'Nguyễn Thị Thu Hường' },
  titleVi: 'Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm',
  titleEn: 'Food-safety certificate of eligibility',
  fields: [
    { labelVi: 'Tên cơ sở', labelEn: 'Establishment', value: 'Quán phở Bát Đàn' },
    { labelVi: 'Địa chỉ', labelEn: 'Address', value: '49 phố Bát Đàn, phường Hoàn Kiếm, Hà Nội' },
  ],
  issuedAt: new Date('2026-03-16T03:00:00Z'),
  items: { 'business.name': 'Quán phở Bát Đàn', 'business.foodSafetyCertificateNo': 'ATTP-2026-001' },
});

/**
 * An independent check of the embedded signature, written from the PDF and CMS specifications with
 * node-forge only (not the code under test): the byte ranges, the signed digest, the RSA signature
 * over the signed attributes, and the certificate chain to the demo root.
 */
function independentlyVerify(bytes: Buffer, rootPem: string) {
  const text = bytes.toString('latin1');
  const match = [...text.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].at(-1)!;
  const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const coversAll = a === 0 && c + d === bytes.length;
  const contentsHex = text.slice(b + 1, c - 1);
  const signedBytes = Buffer.concat([bytes.subarray(a, b), bytes.subarray(c, c + d)]);
  const p7Asn1 = forge.asn1.fromDer(forge.util.hexToBytes(contentsHex), {
    parseAllBytes: false,
  } as unknown as boolean);
  const message = forge.pkcs7.messageFromAsn1(p7Asn1) as forge.pkcs7.PkcsSignedData & {
    rawCapture: { signerInfos: forge.asn1.Asn1[] };
  };
  const signerInfo = message.rawCapture.signerInfos[0]!.value as forge.asn1.Asn1[];
  const attrs = signerInfo.find(
    (node) => node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === 0,
  )!;
  const signatureBytes = signerInfo.find((node) => node.type === forge.asn1.Type.OCTETSTRING)!
    .value as string;
  let digestInSignature = '';
  for (const attr of attrs.value as forge.asn1.Asn1[]) {
    const [oid, set] = attr.value as forge.asn1.Asn1[];
    if (forge.asn1.derToOid(oid!.value as string) === forge.pki.oids.messageDigest)
      digestInSignature = forge.util.bytesToHex((set!.value as forge.asn1.Asn1[])[0]!.value as string);
  }
  const set = forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.SET,
    true,
    attrs.value as forge.asn1.Asn1[],
  );
  const md = forge.md.sha256.create();
  md.update(forge.asn1.toDer(set).getBytes());
  const signer = message.certificates[0]!;
  const caStore = forge.pki.createCaStore([rootPem]);
  let chainOk = false;
  try {
    chainOk = forge.pki.verifyCertificateChain(caStore, [signer]);
  } catch {
    chainOk = false;
  }
  return {
    coversAll,
    digestMatches: digestInSignature === createHash('sha256').update(signedBytes).digest('hex'),
    signatureOk: (signer.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().bytes(), signatureBytes),
    chainOk,
    signerOrganisation: String(signer.subject.getField('O')?.value ?? ''),
    subFilter: /\/SubFilter\s*\/ETSI\.CAdES\.detached/.test(text),
  };
}

async function demoRootPem(): Promise<string> {
  const { rows } = await sql<{ certificate_pem: string }>`
    select certificate_pem from services.result_signing_keys where kind = 'root'`.execute(
    t.platform.context.database.db,
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.certificate_pem;
}

beforeAll(async () => {
  t = await createTestPlatform();
  results = t.platform.services.results;
  server = await createHttpServer({
    logLevel: 'silent',
    trustProxy: false,
    publicUrl: t.platform.context.config.publicUrl,
    version: 'test',
    resolvePrincipal: async (req) => principals[String(req.headers['x-test-principal'])] ?? anonymous,
  });
  await server.register(resultsRoutes(results));
  await server.ready();
  issued = await results.issueResult(input('dossier-1'));
  pdf = (await t.platform.context.files.content(issued.fileId))!.content;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('issuing a result', () => {
  it('stores a PDF whose SHA-256 is recorded, with a signature that verifies independently', async () => {
    expect(issued.existing).toBe(false);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(issued.sha256);
    const check = independentlyVerify(pdf, await demoRootPem());
    expect(check).toEqual({
      coversAll: true,
      digestMatches: true,
      signatureOk: true,
      chainOk: true,
      signerOrganisation: 'DEMO - not a real CA (Hanoi smart-city platform)',
      subFilter: true,
    });
  });

  it('keeps the demo CA private keys sealed at rest', async () => {
    const { rows } = await sql<{ private_key_sealed: string; kind: string }>`
      select kind, private_key_sealed from services.result_signing_keys order by kind`.execute(
      t.platform.context.database.db,
    );
    expect(rows.map((row) => row.kind)).toEqual(['agency', 'root']);
    for (const row of rows) {
      expect(row.private_key_sealed).toMatch(/^v1\./);
      expect(row.private_key_sealed).not.toContain('PRIVATE KEY');
    }
  });

  it('renders the Vietnamese text, the demo label and a QR link to the verification page', async () => {
    const { text, links } = await readPdf(pdf);
    expect(issued.verifyUrl).toBe(`${t.platform.context.config.publicUrl}/verify/${issued.id}`);
    expect(links).toContain(issued.verifyUrl);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('GIẤY CHỨNG NHẬN CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM');
    expect(flat).toContain('Nguyễn Thị Thu Hường');
    expect(flat).toContain('49 phố Bát Đàn, phường Hoàn Kiếm, Hà Nội');
    expect(flat).toContain('16/03/2026');
    expect(flat).toContain('BẢN THỬ NGHIỆM');
    expect(flat.replace(/\s/g, '')).toContain(issued.verifyUrl);
  });

  it('returns the existing result when the same dossier is issued again', async () => {
    const again = await results.issueResult(input('dossier-1'));
    expect(again).toMatchObject({ id: issued.id, sha256: issued.sha256, existing: true });
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from services.results where dossier_id = 'dossier-1'`.execute(
      t.platform.context.database.db,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses bad input and an unknown agency', async () => {
    await expect(
      results.issueResult({ ...input('dossier-x'), subject: { personalId: '12', fullName: 'A' } }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      extra: { fields: [{ path: 'subject.personalId' }] },
    });
    await expect(
      results.issueResult({ ...input('dossier-y'), agencyId: 'no-such-agency' }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('records the issue in the audit log', async () => {
    const { rows } = await sql<{ action: string; agency_id: string }>`
      select action, agency_id from platform.audit_log where object_id = ${issued.id}`.execute(
      t.platform.context.database.db,
    );
    expect(rows).toEqual([{ action: 'services.result.issue', agency_id: 'so-y-te' }]);
  });

  it('lists the result in the citizen’s records with its dictionary items', async () => {
    const mine = await results.resultsOf(OWNER_ID);
    expect(mine.map((result) => result.id)).toEqual([issued.id]);
    expect(mine[0]!.items).toEqual({
      'business.name': 'Quán phở Bát Đàn',
      'business.foodSafetyCertificateNo': 'ATTP-2026-001',
    });
    expect(mine[0]!.fields).toHaveLength(2);
    expect(await results.resultsOf('001090099999')).toEqual([]);
    const response = await request('owner', { url: '/api/results/mine' });
    expect(response.statusCode).toBe(200);
    expect(response.json().map((r: { id: string }) => r.id)).toEqual([issued.id]);
    expect((await request('healthOfficer', { url: '/api/results/mine' })).statusCode).toBe(403);
  });
});

describe('public verification', () => {
  it('shows issuer, masked subject, date, status and the demo label', async () => {
    const response = await request(null, { url: `/api/verify/${issued.id}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      id: issued.id,
      status: 'valid',
      statusText: { vi: 'Còn hiệu lực', en: 'Valid' },
      issuer: { agencyId: 'so-y-te' },
      subject: { nameMasked: 'Nguyễn T. T. Hường', personalIdLast: '345' },
      issuedAt: '2026-03-16T03:00:00.000Z',
      revocation: null,
      signature: { demoCa: true },
    });
    expect(body.issuer.nameVi).toMatch(/Sở Y tế/);
    expect(body.signature.signerSubject).toContain('CN=Sở Y tế (DEMO)');
    expect(body.signature.label.vi).toContain('DEMO');
    expect(body.signature.label.en).toContain('not a real certificate authority');
    expect(JSON.stringify(body)).not.toContain(OWNER_ID);
  });

  it('answers 404 problem+json for an unknown or malformed id', async () => {
    const unknown = await request(null, { url: '/api/verify/00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect((await request(null, { url: '/api/verify/not-an-id' })).statusCode).toBe(400);
  });

  it('accepts the issued PDF as identical and validly signed', async () => {
    const response = await check(issued.id, pdf);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      valid: true,
      identical: true,
      signatureValid: true,
      reasons: [],
    });
  });

  it('fails a copy with one byte changed, with a bilingual reason', async () => {
    const tampered = Buffer.from(pdf);
    // A byte of the page's content, inside the signed range (the first thousand bytes are signed).
    const at = pdf.indexOf('stream', 200) + 20;
    tampered[at] = tampered[at]! ^ 0x01;
    const response = await check(issued.id, tampered);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ valid: false, identical: false, signatureValid: false });
    expect(body.reasons).toContainEqual({
      vi: 'Nội dung tệp đã bị thay đổi sau khi ký: mã băm không khớp với chữ ký.',
      en: 'The content was changed after signing: its digest does not match the signature.',
    });
    expect(body.reasons[0].vi).toContain('mã băm SHA-256');
  });

  it('fails a copy with content appended after the signature', async () => {
    const extended = Buffer.concat([pdf, Buffer.from('\n% appended\n')]);
    const body = (await check(issued.id, extended)).json();
    expect(body).toMatchObject({ valid: false, identical: false, signatureValid: false });
    expect(body.reasons.map((reason: { en: string }) => reason.en).join(' ')).toContain(
      'does not cover the whole file',
    );
  });

  it('tells a validly signed result of another dossier apart from this one', async () => {
    const other = await results.issueResult(input('dossier-2'));
    const otherPdf = (await t.platform.context.files.content(other.fileId))!.content;
    const body = (await check(issued.id, otherPdf)).json();
    expect(body).toMatchObject({ valid: false, identical: false, signatureValid: true });
  });

  it('fails a genuine PDF signed by another agency’s certificate', async () => {
    const other = await results.issueResult({ ...input('dossier-3'), agencyId: 'so-xay-dung' });
    const otherPdf = (await t.platform.context.files.content(other.fileId))!.content;
    const body = (await check(issued.id, otherPdf)).json();
    expect(body).toMatchObject({ valid: false, identical: false, signatureValid: false });
    expect(body.reasons).toContainEqual({
      vi: 'Tệp không được ký bằng chứng thư số của cơ quan cấp.',
      en: 'The file was not signed with the issuing agency’s certificate.',
    });
    // …while against its own record it passes.
    expect((await check(other.id, otherPdf)).json()).toMatchObject({ valid: true });
  });

  it('refuses a file that is not a PDF', async () => {
    const response = await check(issued.id, Buffer.from('not a pdf at all'), 'x.txt');
    expect(response.statusCode).toBe(415);
  });
});

describe('downloading the PDF', () => {
  it('lets the citizen it was issued to and the issuing agency download it', async () => {
    for (const who of ['owner', 'healthOfficer']) {
      const response = await request(who, { url: `/api/results/${issued.id}/pdf` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.rawPayload.equals(pdf)).toBe(true);
    }
  });

  it('denies another citizen (404), another agency and other roles (403), anonymous callers (401)', async () => {
    expect((await request('otherCitizen', { url: `/api/results/${issued.id}/pdf` })).statusCode).toBe(404);
    expect((await request('constructionOfficer', { url: `/api/results/${issued.id}/pdf` })).statusCode).toBe(
      403,
    );
    expect((await request('healthSteward', { url: `/api/results/${issued.id}/pdf` })).statusCode).toBe(403);
    expect((await request(null, { url: `/api/results/${issued.id}/pdf` })).statusCode).toBe(401);
    await expect(results.resultPdf(principals.otherCitizen!, issued.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('revocation', () => {
  const revoke = (who: string | null, id: string, payload: object, headers?: Record<string, string>) =>
    request(who, { method: 'POST', url: `/api/results/${id}/revoke`, payload, headers });

  it('is refused to another agency’s official, to citizens, without a reason, and without CSRF', async () => {
    const reason = { reason: 'Cấp nhầm đối tượng / Issued to the wrong person' };
    expect((await revoke('constructionOfficer', issued.id, reason)).statusCode).toBe(403);
    expect((await revoke('healthSteward', issued.id, reason)).statusCode).toBe(403);
    expect((await revoke('owner', issued.id, reason)).statusCode).toBe(403);
    expect((await revoke(null, issued.id, reason)).statusCode).toBe(401);
    expect((await revoke('healthOfficer', issued.id, {})).statusCode).toBe(400);
    const noCsrf = await server.inject({
      method: 'POST',
      url: `/api/results/${issued.id}/revoke`,
      payload: reason,
      headers: { 'x-test-principal': 'healthOfficer' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await request(null, { url: `/api/verify/${issued.id}` })).json().status).toBe('valid');
  });

  it('is done by an official of the issuing agency, with the reason shown and audited', async () => {
    const response = await revoke('healthOfficer', issued.id, {
      reason: 'Cơ sở đã ngừng kinh doanh / Closed down',
    });
    expect(response.statusCode).toBe(200);
    const view = (await request(null, { url: `/api/verify/${issued.id}` })).json();
    expect(view).toMatchObject({
      status: 'revoked',
      statusText: { vi: 'Đã bị thu hồi', en: 'Revoked' },
      revocation: { reason: 'Cơ sở đã ngừng kinh doanh / Closed down' },
    });
    const body = (await check(issued.id, pdf)).json();
    expect(body).toMatchObject({ valid: false, identical: true, signatureValid: true, status: 'revoked' });
    const { rows } = await sql<{ action: string; actor_label: string }>`
      select action, actor_label from platform.audit_log where object_id = ${issued.id} order by seq`.execute(
      t.platform.context.database.db,
    );
    expect(rows.map((row) => row.action)).toEqual(['services.result.issue', 'services.result.revoke']);
    expect(rows[1]!.actor_label).toBe('hoso.soyte');
    expect((await revoke('healthOfficer', issued.id, { reason: 'Thu hồi lần hai / Again' })).statusCode).toBe(
      409,
    );
    expect((await results.resultsOf(OWNER_ID)).find((r) => r.id === issued.id)?.status).toBe('revoked');
  });

  it('lets the dossier get a new result after revocation', async () => {
    const reissued = await results.issueResult(input('dossier-1'));
    expect(reissued.existing).toBe(false);
    expect(reissued.id).not.toBe(issued.id);
  });
});
