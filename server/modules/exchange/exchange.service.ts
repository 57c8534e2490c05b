import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import type { Transaction } from 'kysely';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Actor, requireRole } from '../../platform/auth/principal.ts';
import { sha256Hex } from '../../platform/canonical-json.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import {
  AppError,
  conflict,
  forbidden,
  notFound,
  unauthenticated,
  validationFailed,
} from '../../platform/errors.ts';
import type { DictionaryService } from '../data/index.ts';
import type { OrgService } from '../org/index.ts';
import type {
  AgencyRow,
  ExchangeStore,
  ExchangeTrx,
  GrantRow,
  ReceiptRow,
  ServiceRow,
} from './exchange.store.ts';
import {
  type AccessGrant,
  type ConsentReceipt,
  type DataProvider,
  type DataServiceEntry,
  type DataUsageEntry,
  type ExchangeAgency,
  type ItemIssuer,
  type ItemSource,
  type ItemValue,
  type RefusalReason,
  refusalReasons,
} from './exchange.types.ts';
import { createSealer, createSubjectHasher, newKeyPair, signJws, verifyJws } from './keys.ts';
import { createMessageLog, type MessageVerification } from './message-log.ts';

const DAY_MS = 86_400_000;
/** Approximated: the decrees on sharing digital data, e-procedures and personal-data protection. */
const DEFAULT_LEGAL_BASIS =
  'Nghị định 47/2020/NĐ-CP (kết nối, chia sẻ dữ liệu số); Nghị định 45/2020/NĐ-CP (thủ tục hành chính trên môi trường điện tử); Nghị định 13/2023/NĐ-CP (bảo vệ dữ liệu cá nhân)';
const PERSONAL_ID = /^[0-9]{12}$/;
const SERVICE_ID = /^HN\/GOV\/[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+$/;
/** How long the exchange waits for an external provider. */
const EXTERNAL_TIMEOUT_MS = 10_000;

export type FetchInput = {
  consumerAgencyId: string;
  personalId: string;
  receiptId: string | null;
  items: string[];
  purposeCode: string;
  actor: Actor;
};

export type ConsentInput = {
  purposeCode: string;
  purposeVi: string;
  purposeEn: string;
  consumerAgencyId: string;
  items: string[];
  retentionDays: number;
};

export type ServiceInput = {
  id: string;
  providerAgencyId: string;
  nameVi: string;
  nameEn: string;
  items: string[];
  verification: 'government-verified' | 'self-declared';
  personalData: boolean;
  url: string;
};

export type AgencyInput = { id: string; nameVi: string; nameEn: string; publicJwk: JWK };

export type GrantInput = {
  consumerAgencyId: string;
  serviceId: string;
  purposeVi: string;
  purposeEn: string;
  legalBasis: string;
};

/** A refusal the exchange logged before throwing; `reason` is stable, for callers and tests. */
export class ExchangeRefusal extends AppError {
  constructor(readonly reason: RefusalReason) {
    const text = refusalReasons[reason];
    const provider =
      reason === 'provider_unavailable' || reason === 'bad_signature' || reason === 'bad_response';
    super(
      provider ? 'not_ready' : 'forbidden',
      { vi: `Yêu cầu dữ liệu bị từ chối: ${text.vi}.`, en: `Data request refused: ${text.en}.` },
      { reason },
    );
  }
}

export type ExchangeService = {
  registerBuiltInProvider(provider: DataProvider): void;
  /** For the consent screen: which service gives each item, and when it last changed for this citizen. */
  sources(personalId: string, items: string[]): Promise<ItemSource[]>;
  giveConsent(actor: Actor, input: ConsentInput): Promise<ConsentReceipt>;
  revokeConsent(actor: Actor, receiptId: string): Promise<void>;
  /** The signed-in citizen's receipts, newest first. */
  myConsents(actor: Actor): Promise<ConsentReceipt[]>;
  /** Who read (or tried to read) the signed-in citizen's items, newest first. */
  myDataUsage(actor: Actor, limit?: number): Promise<DataUsageEntry[]>;
  /**
   * Revocation of every active receipt of the signed-in citizen, for a deletion request
   * (docs/personal-data.md): prepared outside (the subject's keyed hash may read the database),
   * `run` inside the caller's transaction. Receipts stay, revoked, as proof of past consent.
   */
  consentRevocation(actor: Actor): Promise<{ run(trx: Transaction<unknown>): Promise<string[]> }>;
  /** Signed request per service, checked against the receipt and the consumer's grant, logged. Refused (and logged) without a valid receipt. */
  fetchForCitizen(input: FetchInput): Promise<ItemValue[]>;

  services(): Promise<DataServiceEntry[]>;
  agencies(): Promise<ExchangeAgency[]>;
  /** Public keys of every member (JWKS), for providers that verify requests. */
  jwks(): Promise<{ keys: JWK[] }>;
  registerAgency(actor: Actor, input: AgencyInput): Promise<ExchangeAgency>;
  registerExternalService(actor: Actor, input: ServiceInput): Promise<DataServiceEntry>;
  grants(filter?: { consumerAgencyId?: string; serviceId?: string }): Promise<AccessGrant[]>;
  grantAccess(actor: Actor, input: GrantInput): Promise<AccessGrant>;
  revokeGrant(actor: Actor, grantId: string): Promise<AccessGrant>;
  verifyLog(): Promise<MessageVerification>;
  /** Names of dictionary items, for screens. */
  itemNames(codes: string[]): Promise<Record<string, { vi: string; en: string }>>;
  /** Loads the built-in providers into the registry and grants the default consumers; idempotent. */
  seedReference(defaults: { agencies: { id: string; nameVi: string; nameEn: string }[] }): Promise<void>;
};

type Deps = {
  database: Database;
  store: ExchangeStore;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
  dictionary: DictionaryService;
  /** Consumers every built-in provider grants access to at seeding (departments, wards, communes). */
  defaultConsumers: () => Promise<string[]>;
};

const iso = (value: Date | string) => new Date(value).toISOString();

const toService = (row: ServiceRow): DataServiceEntry => ({
  id: row.id,
  providerAgencyId: row.provider_agency_id,
  nameVi: row.name_vi,
  nameEn: row.name_en,
  items: row.items,
  verification: row.verification,
  personalData: row.personal_data,
  kind: row.kind,
  url: row.url,
  simulated: row.simulated,
  active: row.active,
});

const toGrant = (row: GrantRow): AccessGrant => ({
  id: row.id,
  consumerAgencyId: row.consumer_agency_id,
  serviceId: row.service_id,
  purposeVi: row.purpose_vi,
  purposeEn: row.purpose_en,
  legalBasis: row.legal_basis,
  grantedAt: iso(row.granted_at),
  revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
});

const toAgency = (row: AgencyRow): ExchangeAgency => ({
  id: row.id,
  nameVi: row.name_vi,
  nameEn: row.name_en,
  external: row.external,
  keyId: row.key_id,
});

export function createExchangeService(deps: Deps): ExchangeService {
  const { database, store, audit, clock, org, dictionary } = deps;
  const sealer = createSealer(database);
  const subjectHash = createSubjectHasher(database);
  const log = createMessageLog(database);
  const builtIn = new Map<string, DataProvider>();

  // ——— Members and keys ———

  /**
   * Members' rows are written once and never changed (a new key is a new member), so a row once
   * read is kept: each message otherwise re-read its consumer and provider several times.
   */
  const agencies = new Map<string, AgencyRow>();
  async function agencyRow(agencyId: string): Promise<AgencyRow | undefined> {
    const known = agencies.get(agencyId);
    if (known) return known;
    const row = await store.agency(agencyId);
    if (row) agencies.set(agencyId, row);
    return row;
  }

  /** The agency's row, creating it (with a fresh sealed key pair) for a unit of the org register. */
  async function ensureAgency(
    agencyId: string,
    names?: { nameVi: string; nameEn: string },
  ): Promise<AgencyRow | null> {
    const existing = await agencyRow(agencyId);
    if (existing) return existing;
    let nameVi = names?.nameVi;
    let nameEn = names?.nameEn;
    if (!nameVi || !nameEn) {
      if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(agencyId) || !(await org.unitExists(agencyId))) return null;
      const unit = await org.unit(agencyId);
      nameVi = unit.nameVi;
      nameEn = unit.nameEn;
    }
    const pair = await newKeyPair(agencyId);
    await store.insertAgency({
      id: agencyId,
      name_vi: nameVi,
      name_en: nameEn,
      external: false,
      key_id: pair.keyId,
      public_jwk: pair.publicJwk,
      private_jwk_sealed: await sealer.seal(JSON.stringify(pair.privateJwk)),
      created_at: clock.now(),
    });
    return (await agencyRow(agencyId)) ?? null;
  }

  const privateKeys = new Map<string, Promise<JWK>>();
  async function privateKeyOf(agency: AgencyRow): Promise<JWK> {
    const sealed = agency.private_jwk_sealed;
    if (!sealed)
      throw new Error(`agency ${agency.id} is an external member: the exchange holds no private key for it`);
    let key = privateKeys.get(sealed);
    if (!key) {
      key = sealer.open(sealed).then((plain) => JSON.parse(plain) as JWK);
      privateKeys.set(sealed, key);
    }
    return key;
  }

  async function agencyNames(agencyId: string) {
    const row = await agencyRow(agencyId);
    if (row) return { vi: row.name_vi, en: row.name_en };
    if (await org.unitExists(agencyId)) {
      const unit = await org.unit(agencyId);
      return { vi: unit.nameVi, en: unit.nameEn };
    }
    return { vi: agencyId, en: agencyId };
  }

  // ——— Registry ———

  /**
   * Items seen published. An item once published stays so (deprecation keeps it current, versions
   * are never deleted), so a positive answer is kept; a missing one is asked again each time.
   */
  const publishedItems = new Set<string>();
  async function assertItemsExist(items: string[], path: string) {
    const missing: string[] = [];
    for (const item of items) {
      if (publishedItems.has(item)) continue;
      if (await dictionary.item(item)) publishedItems.add(item);
      else missing.push(item);
    }
    if (missing.length)
      throw validationFailed(
        missing.map((item) => ({
          path,
          message: {
            vi: `Mục dữ liệu ${item} không có trong từ điển dữ liệu.`,
            en: `Data item ${item} is not in the data dictionary.`,
          },
        })),
      );
  }

  async function registerBuiltInRow(provider: DataProvider) {
    const agency = await ensureAgency(provider.providerAgencyId);
    if (!agency)
      throw new Error(`built-in provider ${provider.serviceId}: unknown agency ${provider.providerAgencyId}`);
    await assertItemsExist(provider.items, 'items');
    const now = clock.now();
    await store.upsertService({
      id: provider.serviceId,
      provider_agency_id: provider.providerAgencyId,
      name_vi: provider.nameVi,
      name_en: provider.nameEn,
      items: provider.items,
      verification: provider.verification,
      personal_data: provider.personalData ?? true,
      kind: 'built-in',
      url: null,
      simulated: provider.simulated ?? false,
      active: true,
      created_at: now,
      updated_at: now,
    });
  }

  const loaded = new Set<string>();
  /** Built-in providers registered after start-up reach the registry on first use. */
  async function ensureBuiltInsLoaded() {
    for (const provider of builtIn.values()) {
      if (loaded.has(provider.serviceId)) continue;
      const row = await store.service(provider.serviceId);
      const same =
        row?.kind === 'built-in' &&
        row.provider_agency_id === provider.providerAgencyId &&
        row.name_vi === provider.nameVi &&
        row.name_en === provider.nameEn &&
        row.verification === provider.verification &&
        row.simulated === (provider.simulated ?? false) &&
        row.personal_data === (provider.personalData ?? true) &&
        JSON.stringify(row.items) === JSON.stringify(provider.items);
      if (!same) await registerBuiltInRow(provider);
      loaded.add(provider.serviceId);
    }
  }

  /** The active service giving each item: built-in first, in registration order, then external. */
  async function resolveServices(items: string[]): Promise<Map<ServiceRow, string[]>> {
    await ensureBuiltInsLoaded();
    const rows = (await store.services()).filter((row) => row.active);
    const ordered = [
      ...[...builtIn.keys()]
        .map((id) => rows.find((row) => row.id === id))
        .filter((row) => row !== undefined),
      ...rows.filter((row) => row.kind === 'external'),
    ];
    const groups = new Map<ServiceRow, string[]>();
    for (const item of items)
      for (const row of ordered) {
        if (!row.items.includes(item)) continue;
        groups.set(row, [...(groups.get(row) ?? []), item]);
        // A partial record (issued results, earlier dossiers) may lack it: the next offer is asked too.
        if (!builtIn.get(row.id)?.partial) break;
      }
    // In the services' order (built-in ones as registered: the population registry, issued results,
    // earlier dossiers), so a source list shows the most trusted source of an item first.
    return new Map(ordered.filter((row) => groups.has(row)).map((row) => [row, groups.get(row)!]));
  }

  // ——— Consent ———

  function citizenOf(actor: Actor) {
    const p = actor.principal;
    if (p.kind === 'anonymous') throw unauthenticated();
    if (p.kind !== 'citizen')
      throw forbidden({ vi: 'Chức năng này chỉ dành cho công dân.', en: 'This is for citizens only.' });
    return p;
  }

  const statusOf = (row: ReceiptRow, now: Date) =>
    row.revoked_at ? 'revoked' : new Date(row.expires_at) <= now ? 'expired' : 'active';

  async function toReceipt(row: ReceiptRow): Promise<ConsentReceipt> {
    const names = await agencyNames(row.consumer_agency_id);
    return {
      id: row.id,
      consumerAgencyId: row.consumer_agency_id,
      consumerNameVi: names.vi,
      consumerNameEn: names.en,
      purposeCode: row.purpose_code,
      purposeVi: row.purpose_vi,
      purposeEn: row.purpose_en,
      items: row.items,
      retentionDays: row.retention_days,
      givenAt: iso(row.given_at),
      expiresAt: iso(row.expires_at),
      revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
      status: statusOf(row, clock.now()),
    };
  }

  // ——— Messages ———

  type Attempt = {
    consumerAgencyId: string;
    subject: string;
    actor: Actor;
    purposeCode: string;
    receiptId: string | null;
  };

  async function logMessage(
    attempt: Attempt,
    entry: {
      service: ServiceRow | null;
      items: string[];
      outcome: 'delivered' | 'refused';
      reason: RefusalReason | null;
      requestJws?: string | null;
      responseJws?: string | null;
      messageId?: string;
    },
  ) {
    const p = attempt.actor.principal;
    const sealedRequest = entry.requestJws ? await sealer.seal(entry.requestJws) : null;
    const sealedResponse = entry.responseJws ? await sealer.seal(entry.responseJws) : null;
    await log.append(
      {
        message_id: entry.messageId ?? randomUUID(),
        consumer_agency_id: attempt.consumerAgencyId,
        provider_agency_id: entry.service?.provider_agency_id ?? null,
        service_id: entry.service?.id ?? null,
        actor_kind: attempt.actor.system ? 'system' : p.kind,
        actor_id: attempt.actor.system ?? (p.kind === 'anonymous' ? null : p.accountId),
        subject_hash: attempt.subject,
        items: entry.items,
        purpose_code: attempt.purposeCode,
        receipt_id: attempt.receiptId,
        outcome: entry.outcome,
        reason: entry.reason,
        request_jws_sealed: sealedRequest,
        response_jws_sealed: sealedResponse,
        request_digest: entry.requestJws ? sha256Hex(entry.requestJws) : null,
        response_digest: entry.responseJws ? sha256Hex(entry.responseJws) : null,
      },
      clock.now(),
    );
  }

  async function refuse(
    attempt: Attempt,
    reason: RefusalReason,
    service: ServiceRow | null,
    items: string[],
    jws: { requestJws?: string | null; responseJws?: string | null; messageId?: string } = {},
  ): Promise<never> {
    await logMessage(attempt, { service, items, outcome: 'refused', reason, ...jws });
    throw new ExchangeRefusal(reason);
  }

  /** Provider side of a built-in service: verify the consumer's request, read, sign the answer. */
  async function answerBuiltIn(provider: DataProvider, providerAgency: AgencyRow, requestJws: string) {
    const claims = await verifyRequest(requestJws);
    if (claims.aud !== provider.serviceId) throw new Error('request addressed to another service');
    const personalId = String(claims.sub);
    const items = (claims.items as string[]).filter((item) => provider.items.includes(item));
    const { values, updatedAt, issuedBy = {} } = await provider.fetch(personalId, items);
    const picked: Record<string, unknown> = {};
    const dates: Record<string, string> = {};
    const issuers: Record<string, ItemIssuer> = {};
    for (const item of items) {
      if (values[item] === undefined || values[item] === null) continue;
      picked[item] = values[item];
      if (updatedAt[item]) dates[item] = updatedAt[item];
      if (issuedBy[item]) issuers[item] = issuedBy[item];
    }
    return signJws(await privateKeyOf(providerAgency), {
      iss: providerAgency.id,
      aud: claims.iss,
      sub: personalId,
      in_reply_to: claims.jti,
      service: provider.serviceId,
      values: picked,
      updated_at: dates,
      ...(Object.keys(issuers).length ? { issued_by: issuers } : {}),
      iat: Math.floor(clock.now().getTime() / 1000),
    });
  }

  /** Checks a request's signature against the key the registry holds for its issuer. */
  async function verifyRequest(requestJws: string) {
    const unverified = JSON.parse(
      Buffer.from(requestJws.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as {
      iss?: unknown;
    };
    const consumer = typeof unverified.iss === 'string' ? await agencyRow(unverified.iss) : undefined;
    if (!consumer) throw new Error('request from an unknown member');
    return verifyJws(requestJws, consumer.public_jwk);
  }

  async function callExternal(url: string, requestJws: string): Promise<string> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/jose', accept: 'application/jose' },
      body: requestJws,
      signal: AbortSignal.timeout(EXTERNAL_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`provider answered ${response.status}`);
    return (await response.text()).trim();
  }

  /** An issuer the provider named under its signature, when well-formed. */
  const asIssuer = (value: unknown): ItemIssuer | null => {
    const issuer = value as Partial<ItemIssuer> | null;
    return issuer &&
      typeof issuer === 'object' &&
      typeof issuer.agencyId === 'string' &&
      typeof issuer.nameVi === 'string' &&
      typeof issuer.nameEn === 'string'
      ? { agencyId: issuer.agencyId, nameVi: issuer.nameVi, nameEn: issuer.nameEn }
      : null;
  };

  /** One request and its answer with a service; refusals are returned, not thrown (the caller logs). */
  async function exchangeWith(
    row: ServiceRow,
    groupItems: string[],
    consumer: AgencyRow,
    consumerKey: JWK,
    input: FetchInput,
  ): Promise<{
    row: ServiceRow;
    groupItems: string[];
    reason: RefusalReason | null;
    jws: { requestJws: string; responseJws?: string; messageId: string };
    values: ItemValue[];
  }> {
    const messageId = randomUUID();
    const requestJws = await signJws(consumerKey, {
      iss: consumer.id,
      aud: row.id,
      sub: input.personalId,
      items: groupItems,
      purpose: input.purposeCode,
      receipt: input.receiptId,
      jti: messageId,
      iat: Math.floor(clock.now().getTime() / 1000),
    });
    const refused = (reason: RefusalReason, responseJws?: string) => ({
      row,
      groupItems,
      reason,
      jws: { requestJws, messageId, ...(responseJws ? { responseJws } : {}) },
      values: [],
    });
    const providerAgency = await agencyRow(row.provider_agency_id);
    let responseJws: string;
    try {
      const provider = builtIn.get(row.id);
      if (provider && providerAgency) responseJws = await answerBuiltIn(provider, providerAgency, requestJws);
      else if (row.url) responseJws = await callExternal(row.url, requestJws);
      else throw new Error('no provider');
    } catch {
      return refused('provider_unavailable');
    }
    let claims: Record<string, unknown>;
    try {
      if (!providerAgency) throw new Error('unknown provider');
      claims = await verifyJws(responseJws, providerAgency.public_jwk);
    } catch {
      return refused('bad_signature', responseJws);
    }
    const answered = claims.values as Record<string, unknown> | undefined;
    const dates = (claims.updated_at ?? {}) as Record<string, string>;
    const issuers = (claims.issued_by ?? {}) as Record<string, unknown>;
    if (
      claims.iss !== row.provider_agency_id ||
      claims.aud !== consumer.id ||
      claims.sub !== input.personalId ||
      claims.in_reply_to !== messageId ||
      !answered ||
      typeof answered !== 'object' ||
      Object.keys(answered).some((item) => !groupItems.includes(item))
    )
      return refused('bad_response', responseJws);
    const values: ItemValue[] = [];
    for (const item of groupItems) {
      if (answered[item] === undefined || answered[item] === null) continue;
      const issuer = asIssuer(issuers[item]);
      values.push({
        value: answered[item],
        item,
        serviceId: row.id,
        providerAgencyId: row.provider_agency_id,
        updatedAt: dates[item] ?? iso(clock.now()),
        verification: row.verification,
        simulated: row.simulated,
        ...(issuer ? { issuer } : {}),
      });
    }
    return { row, groupItems, reason: null, jws: { requestJws, responseJws, messageId }, values };
  }

  const service: ExchangeService = {
    registerBuiltInProvider(provider) {
      if (!SERVICE_ID.test(provider.serviceId))
        throw new Error(`service id ${provider.serviceId} is not HN/GOV/<agency>/<subsystem>/<service>`);
      if (!provider.serviceId.startsWith(`HN/GOV/${provider.providerAgencyId}/`))
        throw new Error(
          `service id ${provider.serviceId} does not name its agency ${provider.providerAgencyId}`,
        );
      builtIn.set(provider.serviceId, provider);
      loaded.delete(provider.serviceId);
    },

    async sources(personalId, items) {
      const groups = await resolveServices(items);
      const result: (ItemSource & { empty: boolean })[] = [];
      for (const [row, groupItems] of groups) {
        let updatedAt: Record<string, string> = {};
        const provider = builtIn.get(row.id);
        // Only a built-in provider is asked for dates here; an external one answers only signed requests under consent.
        if (provider && PERSONAL_ID.test(personalId))
          updatedAt = (await provider.fetch(personalId, groupItems)).updatedAt;
        for (const item of groupItems)
          result.push({
            item,
            serviceId: row.id,
            nameVi: row.name_vi,
            nameEn: row.name_en,
            verification: row.verification,
            updatedAt: updatedAt[item] ?? null,
            simulated: row.simulated,
            // A partial record holding nothing of this citizen's for the item.
            empty: Boolean(provider?.partial) && !updatedAt[item],
          });
      }
      return items.flatMap((item) => {
        const offers = result.filter((source) => source.item === item);
        // The consent screen names where the value will come from: an empty partial record is left
        // out when another service offers the item.
        const holding = offers.filter((source) => !source.empty);
        return (holding.length ? holding : offers).map(({ empty: _, ...source }) => source);
      });
    },

    async giveConsent(actor, input) {
      const citizen = citizenOf(actor);
      const items = [...new Set(input.items)];
      if (!items.length)
        throw validationFailed([
          { path: 'items', message: { vi: 'Cần ít nhất một mục dữ liệu.', en: 'At least one item.' } },
        ]);
      if (!Number.isInteger(input.retentionDays) || input.retentionDays < 1 || input.retentionDays > 3650)
        throw validationFailed([
          { path: 'retentionDays', message: { vi: 'Từ 1 đến 3650 ngày.', en: 'Between 1 and 3650 days.' } },
        ]);
      await assertItemsExist(items, 'items');
      if (!(await ensureAgency(input.consumerAgencyId)))
        throw validationFailed([
          {
            path: 'consumerAgencyId',
            message: {
              vi: `Không có cơ quan ${input.consumerAgencyId}.`,
              en: `There is no agency ${input.consumerAgencyId}.`,
            },
          },
        ]);
      const now = clock.now();
      const row: ReceiptRow = {
        id: randomUUID(),
        account_id: citizen.accountId,
        subject_hash: await subjectHash(citizen.personalId),
        consumer_agency_id: input.consumerAgencyId,
        purpose_code: input.purposeCode,
        purpose_vi: input.purposeVi,
        purpose_en: input.purposeEn,
        items,
        retention_days: input.retentionDays,
        given_at: now,
        expires_at: new Date(now.getTime() + input.retentionDays * DAY_MS),
        revoked_at: null,
      };
      await store.db.transaction().execute(async (trx) => {
        await store.insertReceipt(row, trx);
        await audit.record(trx, {
          actor,
          agencyId: row.consumer_agency_id,
          action: 'exchange.consent.give',
          objectType: 'exchange.consent_receipt',
          objectId: row.id,
          before: null,
          after: { ...row, subject_hash: undefined },
          details: { purposeCode: row.purpose_code, items, retentionDays: row.retention_days },
        });
      });
      return toReceipt(row);
    },

    async revokeConsent(actor, receiptId) {
      const citizen = citizenOf(actor);
      const row = await store.receipt(receiptId);
      // Another citizen's receipt is answered as absent: ids reveal nothing.
      if (!row || row.subject_hash !== (await subjectHash(citizen.personalId)))
        throw notFound({ vi: 'biên nhận đồng ý', en: 'Consent receipt' });
      if (row.revoked_at) return;
      await store.db.transaction().execute(async (trx) => {
        await store.revokeReceipt(receiptId, clock.now(), trx);
        await audit.record(trx, {
          actor,
          agencyId: row.consumer_agency_id,
          action: 'exchange.consent.revoke',
          objectType: 'exchange.consent_receipt',
          objectId: row.id,
          details: { purposeCode: row.purpose_code },
        });
      });
    },

    async myConsents(actor) {
      const citizen = citizenOf(actor);
      const rows = await store.receiptsOf(await subjectHash(citizen.personalId));
      return Promise.all(rows.map(toReceipt));
    },

    async consentRevocation(actor) {
      const citizen = citizenOf(actor);
      const hash = await subjectHash(citizen.personalId);
      return {
        async run(trx) {
          const executor = trx as ExchangeTrx;
          const at = clock.now();
          const active = await executor
            .selectFrom('exchange.consent_receipts')
            .select(['id', 'consumer_agency_id', 'purpose_code'])
            .where('subject_hash', '=', hash)
            .where('revoked_at', 'is', null)
            .where('expires_at', '>', at)
            .orderBy('id')
            .execute();
          for (const row of active) {
            await store.revokeReceipt(row.id, at, executor);
            await audit.record(executor, {
              actor,
              agencyId: row.consumer_agency_id,
              action: 'exchange.consent.revoke',
              objectType: 'exchange.consent_receipt',
              objectId: row.id,
              details: { purposeCode: row.purpose_code, reason: 'deletion_request' },
            });
          }
          return active.map((row) => row.id);
        },
      };
    },

    async myDataUsage(actor, limit = 200) {
      const citizen = citizenOf(actor);
      const rows = await store.messagesAbout(await subjectHash(citizen.personalId), limit);
      const entries: DataUsageEntry[] = [];
      for (const row of rows) {
        const names = await agencyNames(row.consumer_agency_id);
        entries.push({
          seq: row.seq,
          at: iso(row.at),
          consumerAgencyId: row.consumer_agency_id,
          consumerNameVi: names.vi,
          consumerNameEn: names.en,
          serviceId: row.service_id,
          providerAgencyId: row.provider_agency_id,
          items: row.items,
          purposeCode: row.purpose_code,
          receiptId: row.receipt_id,
          outcome: row.outcome,
          reason: row.reason,
        });
      }
      return entries;
    },

    async fetchForCitizen(input) {
      if (!PERSONAL_ID.test(input.personalId))
        throw validationFailed([
          { path: 'personalId', message: { vi: 'Số định danh gồm 12 chữ số.', en: 'Twelve digits.' } },
        ]);
      const items = [...new Set(input.items)];
      const attempt: Attempt = {
        consumerAgencyId: input.consumerAgencyId,
        subject: await subjectHash(input.personalId),
        actor: input.actor,
        purposeCode: input.purposeCode,
        receiptId: input.receiptId,
      };
      const p = input.actor.principal;
      if (p.kind === 'citizen' && p.personalId !== input.personalId)
        return refuse(attempt, 'subject_mismatch', null, items);
      const consumer = await ensureAgency(input.consumerAgencyId);
      if (!consumer) return refuse(attempt, 'unknown_consumer', null, items);

      const groups = await resolveServices(items);
      if ([...groups.keys()].some((row) => row.personal_data)) {
        if (!input.receiptId) return refuse(attempt, 'no_consent', null, items);
        const receipt = await store.receipt(input.receiptId);
        if (!receipt || receipt.subject_hash !== attempt.subject)
          return refuse(attempt, 'consent_not_found', null, items);
        const status = statusOf(receipt, clock.now());
        if (status === 'revoked') return refuse(attempt, 'consent_revoked', null, items);
        if (status === 'expired') return refuse(attempt, 'consent_expired', null, items);
        if (receipt.consumer_agency_id !== input.consumerAgencyId)
          return refuse(attempt, 'consent_other_consumer', null, items);
        if (receipt.purpose_code !== input.purposeCode)
          return refuse(attempt, 'consent_other_purpose', null, items);
        const covered = new Set(receipt.items);
        if (!items.every((item) => covered.has(item)))
          return refuse(attempt, 'consent_items_not_covered', null, items);
      }
      const granted = await store.activeGrantedServices(
        consumer.id,
        [...groups.keys()].map((row) => row.id),
      );
      for (const [row, groupItems] of groups)
        if (!granted.has(row.id)) return refuse(attempt, 'no_grant', row, groupItems);

      // Each service is asked at the same time (signed request, signed answer, both verified); every
      // message is logged, and the first refusal, in the services' order, is the one reported.
      const consumerKey = await privateKeyOf(consumer);
      const exchanged = await Promise.all(
        [...groups].map(([row, groupItems]) => exchangeWith(row, groupItems, consumer, consumerKey, input)),
      );
      await Promise.all(
        exchanged.map(({ row, groupItems, reason, jws }) =>
          logMessage(attempt, {
            service: row,
            items: groupItems,
            outcome: reason ? 'refused' : 'delivered',
            reason,
            ...jws,
          }),
        ),
      );
      const refused = exchanged.find((message) => message.reason !== null);
      if (refused?.reason) throw new ExchangeRefusal(refused.reason);
      return exchanged.flatMap((message) => message.values);
    },

    async services() {
      await ensureBuiltInsLoaded();
      return (await store.services()).map(toService);
    },

    async agencies() {
      return (await store.agencies()).map(toAgency);
    },

    async jwks() {
      return { keys: (await store.agencies()).map((row) => row.public_jwk) };
    },

    async registerAgency(actor, input) {
      requireRole(actor.principal, 'city_admin');
      if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.id))
        throw validationFailed([{ path: 'id', message: { vi: 'Mã không hợp lệ.', en: 'Invalid id.' } }]);
      if (await store.agency(input.id))
        throw conflict({ vi: `Đã có cơ quan ${input.id}.`, en: `Agency ${input.id} exists.` });
      const jwk = input.publicJwk;
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || 'd' in jwk)
        throw validationFailed([
          {
            path: 'publicJwk',
            message: {
              vi: 'Cần khóa công khai Ed25519 (JWK, không có phần bí mật).',
              en: 'An Ed25519 public JWK (no private part).',
            },
          },
        ]);
      const keyId = jwk.kid ?? `${input.id}#${sha256Hex(jwk.x).slice(0, 12)}`;
      const row: AgencyRow = {
        id: input.id,
        name_vi: input.nameVi,
        name_en: input.nameEn,
        external: true,
        key_id: keyId,
        public_jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: keyId, alg: 'EdDSA', use: 'sig' },
        private_jwk_sealed: null,
        created_at: clock.now(),
      };
      await store.db.transaction().execute(async (trx) => {
        await store.insertAgency(row, trx);
        await audit.record(trx, {
          actor,
          action: 'exchange.agency.register',
          objectType: 'exchange.agency',
          objectId: row.id,
          before: null,
          after: row,
          details: { keyId },
        });
      });
      return toAgency(row);
    },

    async registerExternalService(actor, input) {
      requireRole(actor.principal, 'city_admin');
      const fields = [];
      if (!SERVICE_ID.test(input.id) || !input.id.startsWith(`HN/GOV/${input.providerAgencyId}/`))
        fields.push({
          path: 'id',
          message: {
            vi: 'Mã dịch vụ dạng HN/GOV/<cơ quan cung cấp>/<phân hệ>/<dịch vụ>.',
            en: 'Service id as HN/GOV/<provider agency>/<subsystem>/<service>.',
          },
        });
      let url: URL | null = null;
      try {
        url = new URL(input.url);
      } catch {}
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
        fields.push({ path: 'url', message: { vi: 'Địa chỉ http(s).', en: 'An http(s) URL.' } });
      if (fields.length) throw validationFailed(fields);
      await assertItemsExist(input.items, 'items');
      const agency = await store.agency(input.providerAgencyId);
      if (!agency)
        throw validationFailed([
          {
            path: 'providerAgencyId',
            message: {
              vi: 'Đăng ký cơ quan cung cấp (với khóa công khai) trước.',
              en: 'Register the provider agency (with its public key) first.',
            },
          },
        ]);
      const existing = await store.service(input.id);
      if (existing?.kind === 'built-in')
        throw conflict({ vi: 'Đây là dịch vụ tích hợp sẵn.', en: 'This is a built-in service.' });
      const now = clock.now();
      const row: ServiceRow = {
        id: input.id,
        provider_agency_id: input.providerAgencyId,
        name_vi: input.nameVi,
        name_en: input.nameEn,
        items: [...new Set(input.items)],
        verification: input.verification,
        personal_data: input.personalData,
        kind: 'external',
        url: url!.toString(),
        simulated: false,
        active: true,
        created_at: existing?.created_at ?? now,
        updated_at: now,
      };
      await store.db.transaction().execute(async (trx) => {
        await store.upsertService(row, trx);
        await audit.record(trx, {
          actor,
          agencyId: row.provider_agency_id,
          action: existing ? 'exchange.service.update' : 'exchange.service.register',
          objectType: 'exchange.service',
          objectId: row.id,
          before: existing ?? null,
          after: row,
        });
      });
      return toService(row);
    },

    async grants(filter = {}) {
      return (await store.grants(filter)).map(toGrant);
    },

    async grantAccess(actor, input) {
      requireRole(actor.principal, 'city_admin');
      const target = await store.service(input.serviceId);
      if (!target)
        throw notFound({ vi: `dịch vụ dữ liệu ${input.serviceId}`, en: `Data service ${input.serviceId}` });
      if (!(await ensureAgency(input.consumerAgencyId)))
        throw validationFailed([
          {
            path: 'consumerAgencyId',
            message: {
              vi: `Không có cơ quan ${input.consumerAgencyId}.`,
              en: `There is no agency ${input.consumerAgencyId}.`,
            },
          },
        ]);
      if (await store.activeGrant(input.consumerAgencyId, input.serviceId))
        throw conflict({ vi: 'Cơ quan đã được cấp quyền này.', en: 'The agency already holds this grant.' });
      const row: GrantRow = {
        id: randomUUID(),
        consumer_agency_id: input.consumerAgencyId,
        service_id: input.serviceId,
        purpose_vi: input.purposeVi,
        purpose_en: input.purposeEn,
        legal_basis: input.legalBasis,
        granted_at: clock.now(),
        revoked_at: null,
      };
      await store.db.transaction().execute(async (trx) => {
        await store.insertGrant(row, trx);
        await audit.record(trx, {
          actor,
          agencyId: row.consumer_agency_id,
          action: 'exchange.grant.create',
          objectType: 'exchange.grant',
          objectId: row.id,
          before: null,
          after: row,
          details: { serviceId: row.service_id, legalBasis: row.legal_basis },
        });
      });
      return toGrant(row);
    },

    async revokeGrant(actor, grantId) {
      requireRole(actor.principal, 'city_admin');
      const row = await store.grant(grantId);
      if (!row) throw notFound({ vi: 'quyền truy cập', en: 'Access grant' });
      if (row.revoked_at) return toGrant(row);
      const at = clock.now();
      await store.db.transaction().execute(async (trx) => {
        await store.revokeGrant(grantId, at, trx);
        await audit.record(trx, {
          actor,
          agencyId: row.consumer_agency_id,
          action: 'exchange.grant.revoke',
          objectType: 'exchange.grant',
          objectId: row.id,
          before: row,
          after: { ...row, revoked_at: at },
        });
      });
      return toGrant({ ...row, revoked_at: at });
    },

    verifyLog: () => log.verify(),

    async itemNames(codes) {
      const names: Record<string, { vi: string; en: string }> = {};
      for (const code of new Set(codes)) {
        const item = await dictionary.item(code);
        names[code] = item ? { vi: item.nameVi, en: item.nameEn } : { vi: code, en: code };
      }
      return names;
    },

    async seedReference(defaults) {
      for (const agency of defaults.agencies) await ensureAgency(agency.id, agency);
      await ensureBuiltInsLoaded();
      const consumers = await deps.defaultConsumers();
      const existing = new Set(
        (await store.grants()).map((grant) => `${grant.service_id}\n${grant.consumer_agency_id}`),
      );
      const rows: GrantRow[] = [];
      for (const provider of builtIn.values())
        for (const consumerId of consumers)
          if (!existing.has(`${provider.serviceId}\n${consumerId}`))
            rows.push({
              id: randomUUID(),
              consumer_agency_id: consumerId,
              service_id: provider.serviceId,
              purpose_vi: 'Điền sẵn hồ sơ thủ tục hành chính khi công dân đồng ý',
              purpose_en: 'Pre-filling administrative procedure forms with the citizen’s consent',
              legal_basis: DEFAULT_LEGAL_BASIS,
              granted_at: clock.now(),
              revoked_at: null,
            });
      // Consumers' keys are created on their first request, not here.
      if (rows.length) await store.insertGrants(rows);
    },
  };
  return service;
}
