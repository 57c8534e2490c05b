import type { Bilingual } from '../../../platform/errors.ts';

/**
 * Alerts in the shape of OASIS CAP 1.2: one `info` block per language, Vietnamese first. Kept as
 * JSON in urban.alerts.cap and rendered as XML for the public feeds (an Atom feed of CAP alerts, as
 * public alerting hubs such as the WMO Alert Hub and Google Public Alerts take them, plus RSS 2.0).
 */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export type CapArea = { areaDesc: string; circle?: string[] };
export type CapInfo = {
  language: 'vi-VN' | 'en-US';
  category: string[];
  event: string;
  /** `AllClear` in a Cancel: the event no longer poses a threat. */
  responseType?: string[];
  urgency: string;
  severity: string;
  certainty: string;
  expires?: string;
  senderName: string;
  headline: string;
  description: string;
  web?: string;
  parameter: { valueName: string; value: string }[];
  area: CapArea[];
};
export type CapAlert = {
  identifier: string;
  sender: string;
  sent: string;
  status: 'Actual' | 'Test';
  msgType: 'Alert' | 'Cancel';
  scope: 'Public';
  note?: string;
  /** `sender,identifier,sent` of the message(s) this one cancels. */
  references?: string;
  info: CapInfo[];
};

/** CAP times: local time with its offset and no fraction (`2025-07-01T08:30:00+07:00`); never `Z`. */
export function capTime(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+07:00`;
}

export type CapFacts = {
  identifier: string;
  sender: string;
  sent: Date;
  simulated: boolean;
  category: string;
  event: Bilingual;
  urgency: string;
  severity: string;
  certainty: string;
  senderName: Bilingual;
  headline: Bilingual;
  description: Bilingual;
  web: string;
  area: { name: Bilingual; lat: number | null; lon: number | null };
  parameters: Record<string, string>;
};

/** Radius (km) of the circle drawn around a sensor: the street or block it watches. */
const SENSOR_RADIUS_KM = 0.5;

export function buildCap(facts: CapFacts): CapAlert {
  const circle =
    facts.area.lat !== null && facts.area.lon !== null
      ? [`${facts.area.lat},${facts.area.lon} ${SENSOR_RADIUS_KM}`]
      : undefined;
  const info = (lang: 'vi' | 'en'): CapInfo => ({
    language: lang === 'vi' ? 'vi-VN' : 'en-US',
    category: [facts.category],
    event: facts.event[lang],
    urgency: facts.urgency,
    severity: facts.severity,
    certainty: facts.certainty,
    senderName: facts.senderName[lang],
    headline: facts.headline[lang],
    description: facts.description[lang],
    web: facts.web,
    parameter: Object.entries(facts.parameters).map(([valueName, value]) => ({ valueName, value })),
    area: [{ areaDesc: facts.area.name[lang], ...(circle ? { circle } : {}) }],
  });
  return {
    identifier: facts.identifier,
    sender: facts.sender,
    sent: capTime(facts.sent),
    // Simulated sensors raise test alerts: recipients are told to disregard them.
    status: facts.simulated ? 'Test' : 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    ...(facts.simulated ? { note: 'Dữ liệu mô phỏng / Simulated data' } : {}),
    info: [info('vi'), info('en')],
  };
}

/** How long a cleared alert's Cancel stays in the public feeds (then the alert leaves them). */
export const CANCEL_VISIBLE_HOURS = 24;

/**
 * The CAP 1.2 `Cancel` of an alert that cleared: `references` names the original, each `info` says
 * the event ended (`responseType` `AllClear`, urgency `Past`) and `expires` when the Cancel leaves the
 * feeds. Derived from the stored alert when served, so nothing more is stored.
 */
export function cancelCap(original: CapAlert, clearedAt: Date): CapAlert {
  const ended = { 'vi-VN': 'Đã kết thúc', 'en-US': 'Ended' } as const;
  const expires = capTime(new Date(clearedAt.getTime() + CANCEL_VISIBLE_HOURS * 3_600_000));
  return {
    identifier: `${original.identifier}-cancel`,
    sender: original.sender,
    sent: capTime(clearedAt),
    status: original.status,
    msgType: 'Cancel',
    scope: original.scope,
    note: [
      'Cảnh báo đã kết thúc / The alert has ended',
      ...(original.status === 'Test' ? ['Dữ liệu mô phỏng / Simulated data'] : []),
    ].join('. '),
    references: `${original.sender},${original.identifier},${original.sent}`,
    info: original.info.map((info) => ({
      ...info,
      responseType: ['AllClear'],
      urgency: 'Past',
      expires,
      headline: `${ended[info.language]}: ${info.headline}`,
    })),
  };
}

export const xmlEscape = (value: string) =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

const el = (name: string, value: string | undefined) =>
  value === undefined ? '' : `<${name}>${xmlEscape(value)}</${name}>`;

/** One `<alert>` element (no XML declaration), in the element order the CAP 1.2 schema requires. */
export function capXml(alert: CapAlert): string {
  const infos = alert.info.map(
    (info) =>
      `<info>${el('language', info.language)}${info.category.map((c) => el('category', c)).join('')}${el('event', info.event)}${(info.responseType ?? []).map((r) => el('responseType', r)).join('')}${el('urgency', info.urgency)}${el('severity', info.severity)}${el('certainty', info.certainty)}${el('expires', info.expires)}${el('senderName', info.senderName)}${el('headline', info.headline)}${el('description', info.description)}${el('web', info.web)}${info.parameter
        .map((p) => `<parameter>${el('valueName', p.valueName)}${el('value', p.value)}</parameter>`)
        .join('')}${info.area
        .map(
          (a) =>
            `<area>${el('areaDesc', a.areaDesc)}${(a.circle ?? []).map((c) => el('circle', c)).join('')}</area>`,
        )
        .join('')}</info>`,
  );
  return `<alert xmlns="${CAP_NAMESPACE}">${el('identifier', alert.identifier)}${el('sender', alert.sender)}${el('sent', alert.sent)}${el('status', alert.status)}${el('msgType', alert.msgType)}${el('scope', alert.scope)}${el('note', alert.note)}${el('references', alert.references)}${infos.join('')}</alert>`;
}

export type FeedItem = { id: string; cap: CapAlert; sentAt: Date; link: string; capLink: string };
export type FeedMeta = { self: string; home: string; title: Bilingual; updated: Date; author: string };

/** Atom (RFC 4287) with each CAP alert inline as the entry's `application/cap+xml` content. */
export function atomFeed(meta: FeedMeta, items: FeedItem[]): string {
  const entries = items.map((item) => {
    const vi = item.cap.info[0] as CapInfo;
    return `<entry>${el('id', `urn:uuid:${item.id}`)}${el('title', vi.headline)}${el('updated', item.sentAt.toISOString())}<author>${el('name', vi.senderName)}</author><link rel="alternate" type="application/cap+xml" href="${xmlEscape(item.capLink)}"/><link rel="related" type="text/html" href="${xmlEscape(item.link)}"/>${el('summary', vi.description)}<content type="application/cap+xml">${capXml(item.cap)}</content></entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">${el('id', meta.self)}${el('title', `${meta.title.vi} / ${meta.title.en}`)}${el('updated', meta.updated.toISOString())}<author>${el('name', meta.author)}</author><link rel="self" type="application/atom+xml" href="${xmlEscape(meta.self)}"/><link rel="alternate" type="text/html" href="${xmlEscape(meta.home)}"/>${entries.join('')}</feed>\n`;
}

/** RSS 2.0: one item per alert, the Vietnamese headline and description, the English after them. */
export function rssFeed(meta: FeedMeta, items: FeedItem[]): string {
  const entries = items.map((item) => {
    const [vi, en] = item.cap.info as [CapInfo, CapInfo];
    return `<item>${el('title', `${vi.headline} / ${en.headline}`)}${el('link', item.capLink)}${el('description', `${vi.description}\n\n${en.description}`)}${el('category', vi.event)}<guid isPermaLink="false">${xmlEscape(item.cap.identifier)}</guid>${el('pubDate', item.sentAt.toUTCString())}</item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>${el('title', `${meta.title.vi} / ${meta.title.en}`)}${el('link', meta.home)}${el('description', `${meta.title.vi} (CAP 1.2: ${meta.self})`)}${el('language', 'vi')}${el('lastBuildDate', meta.updated.toUTCString())}${entries.join('')}</channel></rss>\n`;
}
