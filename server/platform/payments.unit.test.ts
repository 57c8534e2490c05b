import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.ts';
import { AppError } from './errors.ts';
import {
  asciiFold,
  crc16Ccitt,
  createSimulatedGateway,
  hasValidCrc,
  NAPAS_GUID,
  parseEmvTlv,
  SIMULATOR_NOTICE,
  type SignedCallback,
  vietQrPayload,
} from './payments.ts';

describe('CRC-16/CCITT-FALSE', () => {
  it('matches the standard check value', () => {
    // The catalogue check value of CRC-16/CCITT-FALSE for the ASCII string "123456789".
    expect(crc16Ccitt('123456789')).toBe('29B1');
    expect(crc16Ccitt('')).toBe('FFFF');
  });
});

describe('VietQR payload', () => {
  it('reproduces the NAPAS worked examples', () => {
    // The NAPAS VietQR specification's examples (transfer to account and to card, BIN 970403),
    // as reproduced in a public project's unit tests.
    expect(
      vietQrPayload({
        bankBin: '970403',
        accountNumber: '0011012345678',
        amountVnd: 180000,
        billNumber: 'NPS6869',
        purpose: 'thanh toan don hang',
      }),
    ).toBe(
      '00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN' +
        '62340107NPS68690819thanh toan don hang63042E2E',
    );
    expect(
      vietQrPayload({
        bankBin: '970403',
        accountNumber: '9704031101234567',
        service: 'card',
        amountVnd: 180000,
        billNumber: 'NPS6869',
        purpose: 'thanh toan don hang',
      }),
    ).toBe(
      '00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN' +
        '62340107NPS68690819thanh toan don hang6304A203',
    );
  });

  it('reproduces a payload issued by a live gateway', () => {
    // A payOS checkout QR (MB Bank, 7,000 đ) recorded in a public repository.
    expect(
      vietQrPayload({
        bankBin: '970422',
        accountNumber: 'VQRQADAIJ5512',
        amountVnd: 7000,
        purpose: 'TL89 100',
      }),
    ).toBe(
      '00020101021238570010A000000727012700069704220113VQRQADAIJ55120208QRIBFTTA5303704540470005802VN' +
        '62120808TL89 1006304E346',
    );
  });

  it('makes a static code without an amount and folds Vietnamese text', () => {
    const payload = vietQrPayload({
      bankBin: '970415',
      accountNumber: '113366668888',
      purpose: 'Lệ phí hộ tịch Đống Đa',
    });
    const fields = parseEmvTlv(payload);
    expect(fields.get('01')).toBe('11');
    expect(fields.has('54')).toBe(false);
    expect(parseEmvTlv(fields.get('62')!).get('08')).toBe('Le phi ho tich Dong Da');
    expect(hasValidCrc(payload)).toBe(true);
    expect(asciiFold('  Đường  Trần Hưng Đạo ')).toBe('Duong Tran Hung Dao');
  });

  it('refuses what no bank app would read', () => {
    const base = { bankBin: '970415', accountNumber: '113366668888' };
    expect(() => vietQrPayload({ ...base, bankBin: '97041' })).toThrow(RangeError);
    expect(() => vietQrPayload({ ...base, accountNumber: '1133-6666' })).toThrow(RangeError);
    expect(() => vietQrPayload({ ...base, amountVnd: 0 })).toThrow(RangeError);
    expect(() => vietQrPayload({ ...base, amountVnd: 1000.5 })).toThrow(RangeError);
    expect(() => vietQrPayload({ ...base, purpose: 'x'.repeat(26) })).toThrow(RangeError);
    expect(() => parseEmvTlv('000201019')).toThrow(/Malformed/);
  });

  it('always carries the NAPAS fields and a valid checksum (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^[0-9A-Z]{1,19}$/),
        fc.option(fc.integer({ min: 1, max: 9_999_999_999 }), { nil: undefined }),
        fc.stringMatching(/^[A-Za-z0-9 ]{0,25}$/),
        (bankBin, accountNumber, amountVnd, text) => {
          const purpose = text.trim() ? text : undefined;
          const payload = vietQrPayload({ bankBin, accountNumber, amountVnd, purpose });
          expect(hasValidCrc(payload)).toBe(true);
          const fields = parseEmvTlv(payload);
          expect(fields.get('00')).toBe('01');
          expect(fields.get('53')).toBe('704');
          expect(fields.get('58')).toBe('VN');
          expect(fields.get('54')).toBe(amountVnd === undefined ? undefined : String(amountVnd));
          const account = parseEmvTlv(fields.get('38')!);
          expect(account.get('00')).toBe(NAPAS_GUID);
          expect(account.get('02')).toBe('QRIBFTTA');
          const beneficiary = parseEmvTlv(account.get('01')!);
          expect([beneficiary.get('00'), beneficiary.get('01')]).toEqual([bankBin, accountNumber]);
          // Any changed character breaks the checksum.
          const i = payload.length - 9;
          const tampered = `${payload.slice(0, i)}${payload[i] === '0' ? '1' : '0'}${payload.slice(i + 1)}`;
          expect(hasValidCrc(tampered)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the simulated gateway', () => {
  const steppingClock = (start: string) => {
    let now = new Date(start).getTime();
    const clock: Clock & { advance(seconds: number): void } = {
      now: () => new Date(now),
      today: () => new Date(now).toISOString().slice(0, 10),
      advance: (seconds) => {
        now += seconds * 1000;
      },
    };
    return clock;
  };
  const setup = (extra: { onCallback?: (callback: SignedCallback) => Promise<void> } = {}) => {
    const clock = steppingClock('2025-03-03T03:00:00Z');
    const gateway = createSimulatedGateway({
      secret: 'a-test-secret-of-enough-length',
      clock,
      checkoutBaseUrl: 'https://example.test/pay/',
      ...extra,
    });
    return { clock, gateway };
  };
  const order = {
    amountVnd: 150_000,
    orderRef: 'HS-2025-000123',
    description: 'Lệ phí cấp giấy phép xây dựng',
  };
  const problem = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it('creates a labelled intent with a VietQR for the amount and reference', async () => {
    const { gateway } = setup();
    const intent = await gateway.createIntent(order);
    expect(intent).toMatchObject({
      gateway: 'simulated',
      status: 'pending',
      amountVnd: 150_000,
      simulated: true,
      notice: SIMULATOR_NOTICE,
      checkoutUrl: `https://example.test/pay/${intent.id}`,
      paidAt: null,
      expiresAt: '2025-03-04T03:00:00.000Z',
    });
    expect(SIMULATOR_NOTICE.vi).toMatch(/MÔ PHỎNG/);
    expect(SIMULATOR_NOTICE.en).toMatch(/SIMULATED/);
    expect(hasValidCrc(intent.vietQr)).toBe(true);
    const fields = parseEmvTlv(intent.vietQr);
    expect(fields.get('54')).toBe('150000');
    const additional = parseEmvTlv(fields.get('62')!);
    expect(additional.get('01')).toBe('HS-2025-000123');
    expect(additional.get('08')).toBe('Le phi cap giay phep xay');
    expect(await gateway.getIntent(intent.id)).toEqual(intent);
  });

  it('refuses bad amounts and references', async () => {
    const { gateway } = setup();
    for (const bad of [
      { ...order, amountVnd: 0 },
      { ...order, amountVnd: 99.5 },
      { ...order, orderRef: 'mã hồ sơ' },
      { ...order, orderRef: 'X'.repeat(26) },
      { ...order, description: '  ' },
    ]) {
      expect((await problem(gateway.createIntent(bad))).code).toBe('validation_failed');
    }
    expect((await problem(gateway.getIntent('sim_unknown'))).code).toBe('not_found');
  });

  it('lets a test mark a payment paid and verifies the signed callback', async () => {
    const delivered: SignedCallback[] = [];
    const { gateway, clock } = setup({ onCallback: async (callback) => void delivered.push(callback) });
    const intent = await gateway.createIntent(order);
    clock.advance(60);
    const callback = await gateway.simulate(intent.id, 'paid');
    expect(delivered).toEqual([callback]);
    expect(callback.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = await gateway.handleCallback(callback);
    expect(event).toEqual({
      intentId: intent.id,
      orderRef: order.orderRef,
      amountVnd: order.amountVnd,
      status: 'paid',
      at: '2025-03-03T03:01:00.000Z',
      simulated: true,
      notice: SIMULATOR_NOTICE,
    });
    expect(await gateway.getIntent(intent.id)).toMatchObject({
      status: 'paid',
      paidAt: '2025-03-03T03:01:00.000Z',
    });
    // Delivered twice: the same answer.
    expect(await gateway.handleCallback(callback)).toEqual(event);
    // Settled is settled.
    expect((await problem(gateway.simulate(intent.id, 'failed'))).code).toBe('conflict');
  });

  it('records a failed payment', async () => {
    const { gateway } = setup();
    const intent = await gateway.createIntent(order);
    const event = await gateway.handleCallback(await gateway.simulate(intent.id, 'failed'));
    expect(event.status).toBe('failed');
    expect(await gateway.getIntent(intent.id)).toMatchObject({ status: 'failed', paidAt: null });
  });

  it('refuses forged, altered, stale and unsigned callbacks', async () => {
    const { gateway, clock } = setup();
    const intent = await gateway.createIntent(order);
    const callback = await gateway.simulate(intent.id, 'paid');
    const altered = callback.body.replace('"amountVnd":150000', '"amountVnd":1');
    expect(altered).not.toBe(callback.body);
    expect((await problem(gateway.handleCallback({ ...callback, body: altered }))).code).toBe('forbidden');
    const other = createSimulatedGateway({ secret: 'another-secret-of-enough-length', clock });
    expect(
      (await problem(gateway.handleCallback({ body: callback.body, signature: other.sign(callback.body) })))
        .code,
    ).toBe('forbidden');
    expect((await problem(gateway.handleCallback({ body: callback.body, signature: undefined }))).code).toBe(
      'forbidden',
    );
    expect((await problem(gateway.handleCallback({ body: callback.body, signature: 'garbage' }))).code).toBe(
      'forbidden',
    );
    // Correctly signed but claiming a different amount: it does not match the payment.
    expect(
      (await problem(gateway.handleCallback({ body: altered, signature: gateway.sign(altered) }))).code,
    ).toBe('unprocessable');
    expect(
      (await problem(gateway.handleCallback({ body: 'not json', signature: gateway.sign('not json') }))).code,
    ).toBe('malformed_request');
    // Replayed ten minutes later.
    clock.advance(600);
    expect((await problem(gateway.handleCallback(callback))).code).toBe('forbidden');
  });

  it('lets unpaid intents lapse', async () => {
    const { gateway, clock } = setup();
    const intent = await gateway.createIntent({ ...order, expiresAt: new Date('2025-03-03T04:00:00Z') });
    clock.advance(3600);
    expect((await gateway.getIntent(intent.id)).status).toBe('expired');
    expect((await problem(gateway.simulate(intent.id, 'paid'))).code).toBe('conflict');
    expect(() => createSimulatedGateway({ secret: 'short' })).toThrow(RangeError);
  });
});
