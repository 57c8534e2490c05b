import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Clock, systemClock } from './clock.ts';
import { AppError, type Bilingual, notFound } from './errors.ts';

/**
 * Payments: the adapter every gateway implements, the simulated gateway of embedded mode, and the
 * VietQR payload printed on payment notices.
 *
 * VietQR is NAPAS's profile of the EMVCo "QR Code Specification for Payment Systems — Merchant-
 * Presented Mode" (v1.1): a string of TLV fields (two-digit id, two-digit length, value) ending in a
 * CRC-16/CCITT-FALSE checksum (polynomial 0x1021, initial value 0xFFFF) over everything before it,
 * including the checksum's own id and length `6304`. Amounts are whole đồng (VND has no minor unit).
 */

// ---------------------------------------------------------------------------------------------
// VietQR (NAPAS EMVCo) payload

/** NAPAS's application identifier in field 38 (merchant account information). */
export const NAPAS_GUID = 'A000000727';

export type VietQrInput = {
  /** The beneficiary bank's 6-digit BIN (NAPAS acquirer id), e.g. 970415 for VietinBank. */
  bankBin: string;
  /** Account number, or card number when `service` is `card`. */
  accountNumber: string;
  /** Whole đồng; leave out for a static code where the payer types the amount. */
  amountVnd?: number;
  /** Bill number (field 62-01), e.g. the order reference. */
  billNumber?: string;
  /** Reference label (field 62-05). */
  referenceLabel?: string;
  /** Purpose of transaction (field 62-08): the transfer description the payee sees. */
  purpose?: string;
  /** QRIBFTTA: transfer to an account (default); QRIBFTTC: transfer to a card. */
  service?: 'account' | 'card';
};

const tlv = (id: string, value: string) => {
  if (value.length > 99) throw new RangeError(`EMVCo field ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
};

/** Vietnamese text to the printable ASCII that bank apps accept in a QR: diacritics removed, đ → d. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) as 4 upper-case hex digits. */
export function crc16Ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const SHORT_TEXT = 25; // EMVCo: bill number, reference label and purpose are ans..25

/** The VietQR payload string for a transfer to a bank account or card. */
export function vietQrPayload(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bankBin)) throw new RangeError('The bank BIN has 6 digits');
  if (!/^[0-9A-Za-z]{1,19}$/.test(input.accountNumber)) {
    throw new RangeError('The account number has 1 to 19 letters or digits');
  }
  const amount = input.amountVnd;
  if (amount !== undefined && (!Number.isSafeInteger(amount) || amount < 1 || String(amount).length > 13)) {
    throw new RangeError('The amount is a whole number of đồng from 1 to 13 digits');
  }
  const additional = (
    [
      ['01', input.billNumber],
      ['05', input.referenceLabel],
      ['08', input.purpose],
    ] as const
  )
    .filter((entry): entry is readonly ['01' | '05' | '08', string] => entry[1] !== undefined)
    .map(([id, raw]) => {
      const value = asciiFold(raw);
      if (value.length === 0 || value.length > SHORT_TEXT) {
        throw new RangeError(`Field 62-${id} must have 1 to ${SHORT_TEXT} characters`);
      }
      return tlv(id, value);
    })
    .join('');
  const beneficiary = tlv('00', input.bankBin) + tlv('01', input.accountNumber);
  const merchantAccount =
    tlv('00', NAPAS_GUID) +
    tlv('01', beneficiary) +
    tlv('02', input.service === 'card' ? 'QRIBFTTC' : 'QRIBFTTA');
  const body =
    tlv('00', '01') + // payload format indicator
    tlv('01', amount === undefined ? '11' : '12') + // static / dynamic (one payment) code
    tlv('38', merchantAccount) +
    tlv('53', '704') + // ISO 4217: VND
    (amount === undefined ? '' : tlv('54', String(amount))) +
    tlv('58', 'VN') +
    (additional ? tlv('62', additional) : '') +
    '6304';
  return body + crc16Ccitt(body);
}

/** Splits an EMVCo TLV string into its fields (one level). Throws on a malformed string. */
export function parseEmvTlv(payload: string): Map<string, string> {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < payload.length) {
    const id = payload.slice(at, at + 2);
    const length = Number(payload.slice(at + 2, at + 4));
    if (
      !/^\d{2}$/.test(id) ||
      !/^\d{2}$/.test(payload.slice(at + 2, at + 4)) ||
      at + 4 + length > payload.length
    ) {
      throw new RangeError(`Malformed EMVCo field at ${at}`);
    }
    fields.set(id, payload.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return fields;
}

/** Whether a payload's trailing CRC matches its content. */
export function hasValidCrc(payload: string): boolean {
  return (
    payload.length > 8 &&
    payload.slice(-8, -4) === '6304' &&
    crc16Ccitt(payload.slice(0, -4)) === payload.slice(-4).toUpperCase()
  );
}

// ---------------------------------------------------------------------------------------------
// The adapter contract

export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'expired';

export type PaymentIntentInput = {
  /** Whole đồng, ≥ 1. */
  amountVnd: number;
  /** The payer-facing order reference (e.g. the dossier code): letters, digits, `-`, `_`, `.`, `/`, ≤ 25. */
  orderRef: string;
  /** What the payment is for; folded to ASCII and shortened for the QR. */
  description: string;
  /** When an unpaid intent lapses; default 24 hours after creation. */
  expiresAt?: Date;
};

export type PaymentIntent = {
  id: string;
  gateway: string;
  orderRef: string;
  amountVnd: number;
  description: string;
  status: PaymentStatus;
  /** Where the payer completes the payment, when the gateway has a hosted page. */
  checkoutUrl?: string;
  /** VietQR payload for a bank transfer of exactly this amount with the reference. */
  vietQr: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  paidAt: string | null;
  /** True for the simulator: no money moves. */
  simulated: boolean;
  /** Shown with every simulated answer. */
  notice?: Bilingual;
};

/** A callback as received: the raw body (signed bytes) and the signature header. */
export type SignedCallback = { body: string; signature: string | undefined };

/** What a verified callback says. */
export type PaymentEvent = {
  intentId: string;
  orderRef: string;
  amountVnd: number;
  status: Exclude<PaymentStatus, 'pending'>;
  at: string;
  simulated: boolean;
  notice?: Bilingual;
};

export type PaymentGateway = {
  readonly name: string;
  readonly simulated: boolean;
  createIntent(input: PaymentIntentInput): Promise<PaymentIntent>;
  /** The intent's current status as the gateway knows it (not_found for an unknown id). */
  getIntent(id: string): Promise<PaymentIntent>;
  /**
   * Verifies a callback's signature (401-style `forbidden` when wrong, stale or missing) and body,
   * and says what happened. Idempotent: the same callback may be delivered more than once.
   */
  handleCallback(callback: SignedCallback): Promise<PaymentEvent>;
};

// ---------------------------------------------------------------------------------------------
// The simulated gateway (embedded mode)

export const SIMULATOR_NOTICE: Bilingual = {
  vi: 'Cổng thanh toán MÔ PHỎNG dùng cho thử nghiệm và trình diễn: không có tiền thật được chuyển.',
  en: 'SIMULATED payment gateway for tests and demonstrations: no real money is moved.',
};

/** A fictitious payee for the simulator's QR codes: a real BIN format, a made-up account. */
const SIMULATOR_PAYEE = { bankBin: '970415', accountNumber: 'MOPHONG0001' };

/** Where the simulator keeps its intents; in memory unless a durable store is given. */
export type PaymentStore = {
  get(id: string): Promise<PaymentIntent | undefined>;
  put(intent: PaymentIntent): Promise<void>;
};

export function memoryPaymentStore(): PaymentStore {
  const intents = new Map<string, PaymentIntent>();
  return {
    get: async (id) => {
      const intent = intents.get(id);
      return intent && structuredClone(intent);
    },
    put: async (intent) => {
      intents.set(intent.id, structuredClone(intent));
    },
  };
}

export type SimulatedGatewayOptions = {
  /** HMAC-SHA256 key for callback signatures. */
  secret: string | Uint8Array;
  payee?: { bankBin: string; accountNumber: string };
  /** A hosted "pay here" page, `{base}/{id}`; none when left out. */
  checkoutBaseUrl?: string;
  clock?: Clock;
  store?: PaymentStore;
  /** Callbacks older or newer than this are refused (replay protection); default 300 s. */
  toleranceSeconds?: number;
  /** Delivers each callback the simulator emits, as a real gateway would POST it. */
  onCallback?: (callback: SignedCallback) => Promise<void>;
};

export type SimulatedGateway = PaymentGateway & {
  readonly simulated: true;
  /**
   * A test or a demo user settles a pending payment: the simulator records the outcome and returns
   * (and delivers to `onCallback`) the signed callback a real gateway would send.
   */
  simulate(id: string, outcome: 'paid' | 'failed'): Promise<SignedCallback>;
  /** The signature header for a body at an instant: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
  sign(body: string, at?: Date): string;
};

const ORDER_REF = /^[0-9A-Za-z._/-]{1,25}$/;
const invalid = (vi: string, en: string) => new AppError('validation_failed', { vi, en });
const badSignature = () =>
  new AppError('forbidden', {
    vi: 'Chữ ký của thông báo thanh toán không hợp lệ hoặc đã quá hạn.',
    en: 'The payment callback signature is invalid or stale.',
  });

export function createSimulatedGateway(options: SimulatedGatewayOptions): SimulatedGateway {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? memoryPaymentStore();
  const payee = options.payee ?? SIMULATOR_PAYEE;
  const tolerance = options.toleranceSeconds ?? 300;
  const key = typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : options.secret;
  if (key.length < 16) throw new RangeError('The callback secret needs at least 16 bytes');

  const hmac = (timestamp: number, body: string) =>
    createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
  const sign = (body: string, at: Date = clock.now()) => {
    const timestamp = Math.floor(at.getTime() / 1000);
    return `t=${timestamp},v1=${hmac(timestamp, body)}`;
  };
  const labelled = <T extends object>(value: T) => ({
    ...value,
    simulated: true as const,
    notice: SIMULATOR_NOTICE,
  });

  const load = async (id: string) => {
    const intent = await store.get(id);
    if (!intent) throw notFound({ vi: 'giao dịch thanh toán', en: 'Payment' });
    if (intent.status === 'pending' && Date.parse(intent.expiresAt) <= clock.now().getTime()) {
      const expired = { ...intent, status: 'expired' as const, updatedAt: clock.now().toISOString() };
      await store.put(expired);
      return expired;
    }
    return intent;
  };

  return {
    name: 'simulated',
    simulated: true,
    sign,

    async createIntent(input) {
      if (
        !Number.isSafeInteger(input.amountVnd) ||
        input.amountVnd < 1 ||
        String(input.amountVnd).length > 13
      ) {
        throw invalid(
          'Số tiền phải là số nguyên đồng, lớn hơn 0.',
          'The amount must be a whole number of đồng above 0.',
        );
      }
      if (!ORDER_REF.test(input.orderRef)) {
        throw invalid(
          'Mã tham chiếu gồm tối đa 25 chữ cái, chữ số hoặc . _ / -',
          'The order reference has at most 25 letters, digits or . _ / -',
        );
      }
      const description = input.description.trim();
      if (!description) throw invalid('Cần nội dung thanh toán.', 'A payment description is required.');
      const now = clock.now();
      const expiresAt = input.expiresAt ?? new Date(now.getTime() + 24 * 3600_000);
      if (expiresAt.getTime() <= now.getTime()) {
        throw invalid('Hạn thanh toán phải ở tương lai.', 'The payment deadline must be in the future.');
      }
      const id = `sim_${randomUUID()}`;
      const purpose = asciiFold(description).slice(0, SHORT_TEXT).trim() || input.orderRef;
      const intent: PaymentIntent = labelled({
        id,
        gateway: 'simulated',
        orderRef: input.orderRef,
        amountVnd: input.amountVnd,
        description,
        status: 'pending',
        ...(options.checkoutBaseUrl
          ? { checkoutUrl: `${options.checkoutBaseUrl.replace(/\/$/, '')}/${id}` }
          : {}),
        vietQr: vietQrPayload({ ...payee, amountVnd: input.amountVnd, billNumber: input.orderRef, purpose }),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        paidAt: null,
      });
      await store.put(intent);
      return intent;
    },

    async getIntent(id) {
      return labelled(await load(id));
    },

    async simulate(id, outcome) {
      const intent = await load(id);
      if (intent.status !== 'pending' && intent.status !== outcome) {
        throw new AppError('conflict', {
          vi: `Giao dịch mô phỏng đã ở trạng thái "${intent.status}", không thể chuyển sang "${outcome}".`,
          en: `The simulated payment is already "${intent.status}" and cannot become "${outcome}".`,
        });
      }
      const now = clock.now().toISOString();
      const settled: PaymentIntent =
        intent.status === outcome
          ? intent
          : { ...intent, status: outcome, updatedAt: now, paidAt: outcome === 'paid' ? now : null };
      await store.put(settled);
      const event: PaymentEvent = labelled({
        intentId: settled.id,
        orderRef: settled.orderRef,
        amountVnd: settled.amountVnd,
        status: outcome,
        at: settled.updatedAt,
      });
      const body = JSON.stringify(event);
      const callback = { body, signature: sign(body) };
      await options.onCallback?.(callback);
      return callback;
    },

    async handleCallback({ body, signature }) {
      const parts = new Map(
        (signature ?? '').split(',').map((part) => {
          const at = part.indexOf('=');
          return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
        }),
      );
      const timestamp = Number(parts.get('t'));
      const given = Buffer.from(parts.get('v1') ?? '', 'hex');
      const expected = Buffer.from(hmac(timestamp, body), 'hex');
      if (
        !Number.isSafeInteger(timestamp) ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected) ||
        Math.abs(clock.now().getTime() / 1000 - timestamp) > tolerance
      ) {
        throw badSignature();
      }
      let event: PaymentEvent;
      try {
        event = JSON.parse(body) as PaymentEvent;
      } catch {
        throw new AppError('malformed_request', {
          vi: 'Nội dung thông báo thanh toán không phải JSON.',
          en: 'The payment callback body is not JSON.',
        });
      }
      const intent = await load(String(event.intentId));
      if (
        intent.orderRef !== event.orderRef ||
        intent.amountVnd !== event.amountVnd ||
        (event.status !== 'paid' && event.status !== 'failed') ||
        intent.status !== event.status
      ) {
        throw new AppError('unprocessable', {
          vi: 'Thông báo thanh toán không khớp với giao dịch.',
          en: 'The payment callback does not match the payment.',
        });
      }
      return labelled({
        intentId: intent.id,
        orderRef: intent.orderRef,
        amountVnd: intent.amountVnd,
        status: event.status,
        at: intent.updatedAt,
      });
    },
  };
}
