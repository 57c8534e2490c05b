import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { SMS_MAX_CHARS, smsText, vietnameseMobile } from './notify.ts';

describe('SMS recipients', () => {
  it('normalises Vietnamese mobile numbers to E.164, however they were typed', () => {
    expect(vietnameseMobile('0912345678')).toBe('+84912345678');
    expect(vietnameseMobile(' 0987.654.321 ')).toBe('+84987654321');
    expect(vietnameseMobile('+84 32 123 4567')).toBe('+84321234567');
    expect(vietnameseMobile('84-703-456-789')).toBe('+84703456789');
    expect(vietnameseMobile('0084 886 123 456')).toBe('+84886123456');
  });

  it('refuses landlines, foreign and malformed numbers', () => {
    expect(vietnameseMobile('024 3825 1234')).toBeNull(); // Hanoi landline
    expect(vietnameseMobile('+14155550123')).toBeNull();
    expect(vietnameseMobile('+33612345678')).toBeNull();
    expect(vietnameseMobile('0112345678')).toBeNull(); // no mobile range starts 01x since 2018
    expect(vietnameseMobile('091234567')).toBeNull(); // one digit short
    expect(vietnameseMobile('09123456789')).toBeNull();
    expect(vietnameseMobile('09l2345678')).toBeNull();
    expect(vietnameseMobile('')).toBeNull();
    expect(vietnameseMobile(null)).toBeNull();
  });
});

describe('SMS text', () => {
  const link = 'http://localhost:3000/ho-so-cua-toi/SXD-20270308-0001';

  it('keeps a short notice whole, in Vietnamese with diacritics, with the link', () => {
    const text = smsText('Đã nộp hồ sơ SXD-1', 'Cơ quan sẽ kiểm tra và tiếp nhận.', link);
    expect(text).toBe(`Đã nộp hồ sơ SXD-1: Cơ quan sẽ kiểm tra và tiếp nhận.\n${link}`);
  });

  it('shortens a long body at a word to three UCS-2 segments, the link kept whole', () => {
    const body = 'Hồ sơ cần bổ sung giấy tờ chứng minh quyền sử dụng đất hợp pháp. '.repeat(8);
    const text = smsText('Hồ sơ SXD-1: Cần bổ sung', body, link);
    expect(text.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(text.length).toBeGreaterThan(SMS_MAX_CHARS - 20);
    expect(text.endsWith(`…\n${link}`)).toBe(true);
    expect(text).toMatch(/^Hồ sơ SXD-1: Cần bổ sung: Hồ sơ cần bổ sung/);
    expect(text).toMatch(/ [^\s…]+…\n/); // ends on a whole word
  });

  it('counts composed Vietnamese letters once and never cuts a surrogate pair in half', () => {
    const decomposed = 'Hồ sơ'.normalize('NFD');
    expect(smsText(decomposed, 'x', null)).toBe('Hồ sơ: x');
    const text = smsText('Tin', '😀'.repeat(300), null);
    expect(text.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(text.endsWith('😀…')).toBe(true);
  });
});

describe('SMS gateway configuration', () => {
  it('is off unless both variables are set, and then carries them', () => {
    expect(loadConfig({}).sms).toBeNull();
    expect(
      loadConfig({ SMS_GATEWAY_URL: 'https://sms.example.vn/api/send', SMS_GATEWAY_TOKEN: 'bí-mật' }).sms,
    ).toEqual({ url: 'https://sms.example.vn/api/send', token: 'bí-mật' });
  });

  it('names the variables when only one is set or the address is not http(s)', () => {
    for (const env of [{ SMS_GATEWAY_URL: 'https://sms.example.vn' }, { SMS_GATEWAY_TOKEN: 't' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN must be set together/);
    }
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'ftp://sms.example.vn', SMS_GATEWAY_TOKEN: 't' })).toThrow(
      /SMS_GATEWAY_URL="ftp:\/\/sms.example.vn": must start with https:\/\/ or http:\/\//,
    );
  });
});
