import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { buildCap, CAP_NAMESPACE, cancelCap, capTime, capXml } from './cap.ts';
import { compare } from './evaluate.ts';

const facts = {
  identifier: 'hanoi-ioc-1',
  sender: 'ioc@example.test',
  sent: new Date('2025-07-01T01:30:00.456Z'),
  simulated: true,
  category: 'Met',
  event: { vi: 'Ngập <sâu> & kéo dài', en: 'Deep "flooding"' },
  urgency: 'Immediate',
  severity: 'Severe',
  certainty: 'Observed',
  senderName: { vi: 'Trung tâm IOC', en: 'IOC' },
  headline: { vi: 'Ngập tại phường Hoàn Kiếm', en: 'Flooding at Hoan Kiem ward' },
  description: { vi: "mực nước = 60 <cm> 'x'", en: 'level = 60' },
  web: 'https://example.test/a?b=1&c=2',
  area: { name: { vi: 'Phường Hoàn Kiếm', en: 'Hoan Kiem ward' }, lat: 21.03, lon: 105.85 },
  parameters: { entityId: 'urn:ngsi-ld:FloodMonitoring:x' },
};

describe('CAP 1.2 shape', () => {
  it('writes times in Hanoi time with an offset and no fraction', () => {
    expect(capTime(new Date('2025-07-01T01:30:00.456Z'))).toBe('2025-07-01T08:30:00+07:00');
    expect(capTime(new Date('2025-06-30T20:00:00Z'))).toBe('2025-07-01T03:00:00+07:00');
  });

  it('marks simulated alerts as tests, Vietnamese first, and escapes text into well-formed XML', () => {
    const cap = buildCap(facts);
    expect(cap.status).toBe('Test');
    expect(cap.info.map((info) => info.language)).toEqual(['vi-VN', 'en-US']);
    const texts: string[] = [];
    const names: string[] = [];
    const parser = new SaxesParser({ xmlns: true });
    parser.on('opentag', (tag) => {
      expect(tag.uri).toBe(CAP_NAMESPACE);
      names.push(tag.local ?? '');
    });
    parser.on('text', (text) => texts.push(text));
    parser.write(capXml(cap)).close();
    expect(names.slice(0, 8)).toEqual([
      'alert',
      'identifier',
      'sender',
      'sent',
      'status',
      'msgType',
      'scope',
      'note',
    ]);
    expect(texts).toContain('Ngập <sâu> & kéo dài');
    expect(texts).toContain("mực nước = 60 <cm> 'x'");
    expect(texts).toContain('21.03,105.85 0.5');
  });
});

describe('CAP 1.2 Cancel', () => {
  it('references the original, says the event ended, expires a day after clearing, in schema order', () => {
    const original = buildCap(facts);
    const cancel = cancelCap(original, new Date('2025-07-01T03:00:00.900Z'));
    expect(cancel).toMatchObject({
      identifier: 'hanoi-ioc-1-cancel',
      sender: 'ioc@example.test',
      sent: '2025-07-01T10:00:00+07:00',
      status: 'Test',
      msgType: 'Cancel',
      references: 'ioc@example.test,hanoi-ioc-1,2025-07-01T08:30:00+07:00',
    });
    expect(cancel.note).toContain('Simulated data');
    expect(cancel.info.map((i) => [i.headline, i.expires, i.urgency, i.responseType])).toEqual([
      ['Đã kết thúc: Ngập tại phường Hoàn Kiếm', '2025-07-02T10:00:00+07:00', 'Past', ['AllClear']],
      ['Ended: Flooding at Hoan Kiem ward', '2025-07-02T10:00:00+07:00', 'Past', ['AllClear']],
    ]);
    const names: string[] = [];
    const parser = new SaxesParser({ xmlns: true });
    parser.on('opentag', (tag) => names.push(tag.local ?? ''));
    parser.write(capXml(cancel)).close();
    expect(names.slice(0, 9)).toEqual([
      'alert',
      'identifier',
      'sender',
      'sent',
      'status',
      'msgType',
      'scope',
      'note',
      'references',
    ]);
    const info = names.slice(names.indexOf('info'), names.indexOf('senderName') + 1);
    expect(info).toEqual([
      'info',
      'language',
      'category',
      'event',
      'responseType',
      'urgency',
      'severity',
      'certainty',
      'expires',
      'senderName',
    ]);
  });
});

describe('comparisons', () => {
  it('order numbers, and compare text and booleans only for (in)equality', () => {
    expect(compare(60, '>', 50)).toBe(true);
    expect(compare(50, '>', 50)).toBe(false);
    expect(compare(50, '>=', 50)).toBe(true);
    expect(compare('alarm', '==', 'alarm')).toBe(true);
    expect(compare('b', '>', 'a')).toBe(false);
    expect(compare(undefined, '!=', 1)).toBe(false);
    expect(compare(true, '!=', false)).toBe(true);
  });
});
