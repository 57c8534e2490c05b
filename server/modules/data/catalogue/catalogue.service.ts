import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Actor, Principal } from '../../../platform/auth/principal.ts';
import { canonicalJson } from '../../../platform/canonical-json.ts';
import type { Clock } from '../../../platform/clock.ts';
import {
  AppError,
  type Bilingual,
  conflict,
  notFound,
  type ProblemField,
  validationFailed,
} from '../../../platform/errors.ts';
import type { OrgService } from '../../org/index.ts';
import type { DictionaryService } from '../dictionary/dictionary.service.ts';
import {
  actorAccount,
  actorLabel,
  isCityApprover,
  mayStewardFor,
  requireCityApprover,
  requireNotAuthor,
  requireStewardFor,
} from '../dictionary/stewardship.ts';
import type { CatalogueEntry, EntryInput, Proposal, SharingLevel } from './catalogue.schema.ts';
import type { CatalogueStore } from './catalogue.store.ts';
import type { NewVersionRow, VersionRow } from './catalogue.tables.ts';
import {
  contentOf,
  matchesQuery,
  type OwnerNames,
  toEntry,
  toProposal,
  type View,
} from './catalogue.views.ts';
import { catalogueXlsx } from './catalogue.xlsx.ts';

/**
 * The city's catalogue of databases and information systems. Every change is a proposal (a new
 * version with a reason) by a data steward of the owner agency, decided by the city; decided
 * versions never change, so the history is every approved version with who, when and why.
 */
const entryWhat = (id: string, version?: number) => ({
  vi: `mục danh mục CSDL ${id}${version ? ` phiên bản ${version}` : ''}`,
  en: `Catalogue entry ${id}${version ? ` version ${version}` : ''}`,
});

export type EntryQuery = {
  q?: string;
  ownerAgencyId?: string;
  sharingLevel?: SharingLevel;
  nationalConnection?: string;
  limit?: number;
  offset?: number;
};

export function createCatalogueService(deps: {
  store: CatalogueStore;
  audit: AuditLog;
  clock: Clock;
  org: OrgService;
  dictionary: DictionaryService;
}) {
  const { store, audit, clock, org, dictionary } = deps;
  const viewOf = (principal: Principal): View => (principal.kind === 'official' ? 'full' : 'public');

  /** Owner names for a set of agencies, including units no longer in force. */
  async function ownerNames(ids: string[]): Promise<OwnerNames> {
    const names = new Map<string, Bilingual>();
    for (const unit of await org.units({})) names.set(unit.id, { vi: unit.nameVi, en: unit.nameEn });
    for (const id of new Set(ids)) {
      if (names.has(id)) continue;
      try {
        const unit = await org.unit(id);
        names.set(id, { vi: unit.nameVi, en: unit.nameEn });
      } catch {
        names.set(id, { vi: id, en: id });
      }
    }
    return (id) => names.get(id) ?? { vi: id, en: id };
  }

  async function currentEntries(view: View): Promise<CatalogueEntry[]> {
    const rows = await store.currentVersions();
    const owner = await ownerNames(rows.map((row) => row.owner_agency_id));
    return rows.map((row) => toEntry(row, { demo: row.demo, view, owner, approvedAt: row.decided_at }));
  }

  const previousApproved = (versions: VersionRow[], version: number) =>
    versions.filter((row) => row.state === 'approved' && row.version < version).at(-1);

  async function validateContent(input: EntryInput): Promise<void> {
    const problems: ProblemField[] = [];
    const field = (path: string, vi: string, en: string) => problems.push({ path, message: { vi, en } });
    if (!(await org.unitExists(input.ownerAgencyId, clock.today())))
      field(
        'entry.ownerAgencyId',
        `Không có đơn vị ${input.ownerAgencyId} đang hoạt động.`,
        `There is no unit ${input.ownerAgencyId} in force today.`,
      );
    const seen = new Set<string>();
    for (const [index, code] of input.dataItems.entries()) {
      if (seen.has(code))
        field(`entry.dataItems.${index}`, `Mục ${code} bị lặp.`, `Item ${code} is repeated.`);
      seen.add(code);
      if (!(await dictionary.item(code)))
        field(
          `entry.dataItems.${index}`,
          `Không có mục dữ liệu ${code} đã phê duyệt trong từ điển.`,
          `There is no approved data item ${code} in the dictionary.`,
        );
    }
    if (new Set(input.nationalConnections).size !== input.nationalConnections.length)
      field('entry.nationalConnections', 'Có kết nối bị lặp.', 'A connection is repeated.');
    const level = input.securityLevel ?? null;
    const state = input.securityState ?? null;
    if ((level === null) !== (state === null))
      field(
        'entry.securityState',
        'Cấp độ an toàn và trạng thái phê duyệt cấp độ phải đi cùng nhau.',
        'The security level and its approval state go together.',
      );
    if (state === 'approved' && !input.securityAuthority)
      field(
        'entry.securityAuthority',
        'Cấp độ đã được phê duyệt cần nêu cơ quan phê duyệt.',
        'An approved security level needs its approving authority.',
      );
    if (problems.length) throw validationFailed(problems);
  }

  /** Built after the transaction commits: owner names come from org, outside it. */
  async function proposalView(entryId: string, version: number): Promise<Proposal> {
    const [entry, versions] = await Promise.all([store.entry(entryId), store.versionsOf(entryId)]);
    const row = versions.find((candidate) => candidate.version === version)!;
    return toProposal(row, {
      demo: entry!.demo,
      view: 'full',
      owner: await ownerNames([row.owner_agency_id]),
      previous: previousApproved(versions, version),
    });
  }

  async function decide(
    actor: Actor,
    entryId: string,
    version: number,
    decision: 'approved' | 'rejected',
    reason: string | null,
  ): Promise<Proposal> {
    requireCityApprover(actor.principal);
    await store.db.transaction().execute(async (trx) => {
      const entry = await store.lockEntry(trx, entryId);
      if (!entry) throw notFound(entryWhat(entryId));
      const versions = await store.versionsOf(entryId, trx);
      const row = versions.find((candidate) => candidate.version === version);
      if (!row) throw notFound(entryWhat(entryId, version));
      if (row.state !== 'proposed') {
        throw conflict({
          vi: `Đề xuất phiên bản ${version} đã được quyết định (${row.state}).`,
          en: `The proposal for version ${version} was already decided (${row.state}).`,
        });
      }
      requireNotAuthor(actor.principal, row.proposed_by_account);
      const at = clock.now();
      await store.updateVersion(trx, entryId, version, {
        state: decision,
        decided_by: actorLabel(actor),
        decided_at: at,
        decision_reason: reason,
      });
      if (decision === 'approved') await store.setCurrentVersion(trx, entryId, version);
      await audit.record(trx, {
        actor,
        agencyId: row.owner_agency_id,
        action: decision === 'approved' ? 'data.catalogue.approve' : 'data.catalogue.reject',
        objectType: 'data.catalogue_entry',
        objectId: `${entryId}@${version}`,
        before: { state: 'proposed' },
        after: { state: decision },
        details: { entryId, version, reason },
      });
    });
    return proposalView(entryId, version);
  }

  return {
    async list(principal: Principal, query: EntryQuery) {
      const view = viewOf(principal);
      const all = (await currentEntries(view)).filter(
        (entry) =>
          (!query.ownerAgencyId || entry.ownerAgencyId === query.ownerAgencyId) &&
          (!query.sharingLevel || entry.sharingLevel === query.sharingLevel) &&
          (!query.nationalConnection || entry.nationalConnections.includes(query.nationalConnection)) &&
          matchesQuery(entry, query.q),
      );
      const offset = query.offset ?? 0;
      return { view, entries: all.slice(offset, offset + (query.limit ?? 200)), total: all.length };
    },

    async detail(principal: Principal, id: string) {
      const view = viewOf(principal);
      const entry = await store.entry(id);
      if (!entry?.current_version) throw notFound(entryWhat(id));
      const versions = await store.versionsOf(id);
      const owner = await ownerNames(versions.map((row) => row.owner_agency_id));
      const current = versions.find((row) => row.version === entry.current_version)!;
      const history = versions
        .filter((row) => row.state === 'approved')
        .map((row) =>
          toProposal(row, {
            demo: entry.demo,
            view,
            owner,
            previous: previousApproved(versions, row.version),
          }),
        );
      const open = versions.find((row) => row.state === 'proposed');
      return {
        ...toEntry(current, { demo: entry.demo, view, owner, approvedAt: current.decided_at }),
        history,
        openProposal:
          open && view === 'full'
            ? toProposal(open, {
                demo: entry.demo,
                view,
                owner,
                previous: previousApproved(versions, open.version),
              })
            : null,
      };
    },

    async version(principal: Principal, id: string, version: number): Promise<Proposal> {
      const view = viewOf(principal);
      const entry = await store.entry(id);
      const versions = entry ? await store.versionsOf(id) : [];
      const row = versions.find((candidate) => candidate.version === version);
      // Proposals and rejections are for officials; the public sees approved versions only.
      if (!entry || !row || (view === 'public' && row.state !== 'approved'))
        throw notFound(entryWhat(id, version));
      return toProposal(row, {
        demo: entry.demo,
        view,
        owner: await ownerNames([row.owner_agency_id]),
        previous: previousApproved(versions, version),
      });
    },

    async proposals(principal: Principal, state: 'proposed' | 'approved' | 'rejected'): Promise<Proposal[]> {
      const city = isCityApprover(principal);
      const rows = (await store.versionsInState(state)).filter(
        (row) => city || mayStewardFor(principal, row.owner_agency_id),
      );
      const owner = await ownerNames(rows.map((row) => row.owner_agency_id));
      const result: Proposal[] = [];
      for (const row of rows) {
        const [entry, versions] = await Promise.all([
          store.entry(row.entry_id),
          store.versionsOf(row.entry_id),
        ]);
        result.push(
          toProposal(row, {
            demo: entry!.demo,
            view: 'full',
            owner,
            previous: previousApproved(versions, row.version),
          }),
        );
      }
      return result;
    },

    /** A new entry, proposed as version 1. */
    async proposeNew(actor: Actor, input: EntryInput, reason: string): Promise<Proposal> {
      requireStewardFor(actor.principal, input.ownerAgencyId);
      await validateContent(input);
      const id = randomUUID();
      await store.db.transaction().execute(async (trx) => {
        const at = clock.now();
        await store.insertEntry(trx, { id, demo: false, current_version: null, created_at: at });
        await store.insertVersion(trx, versionRow(actor, id, 1, input, reason, at));
        await audit.record(trx, {
          actor,
          agencyId: input.ownerAgencyId,
          action: 'data.catalogue.propose',
          objectType: 'data.catalogue_entry',
          objectId: `${id}@1`,
          before: null,
          after: input,
          details: { entryId: id, version: 1, reason, new: true },
        });
      });
      return proposalView(id, 1);
    },

    /** A change to an entry, proposed as its next version. */
    async proposeChange(actor: Actor, id: string, input: EntryInput, reason: string): Promise<Proposal> {
      requireStewardFor(actor.principal, input.ownerAgencyId);
      await validateContent(input);
      const version = await store.db.transaction().execute(async (trx) => {
        const entry = await store.lockEntry(trx, id);
        if (!entry) throw notFound(entryWhat(id));
        if (entry.demo) {
          throw conflict({
            vi: 'Mục ví dụ minh họa không nhận đề xuất thay đổi.',
            en: 'Demo example entries take no change proposals.',
          });
        }
        const versions = await store.versionsOf(id, trx);
        const open = versions.find((row) => row.state === 'proposed');
        if (open) {
          throw conflict({
            vi: `Mục này đang có đề xuất phiên bản ${open.version} chờ quyết định.`,
            en: `This entry already has a proposal (version ${open.version}) awaiting a decision.`,
          });
        }
        const current = versions.find((row) => row.version === entry.current_version);
        // The steward must also keep the entry's present owner (moving an entry needs both sides).
        requireStewardFor(actor.principal, (current ?? versions.at(-1)!).owner_agency_id);
        if (current && canonicalJson(contentOf(current)) === canonicalJson(withDefaults(input))) {
          throw new AppError('unprocessable', {
            vi: 'Đề xuất không thay đổi gì so với phiên bản hiện hành.',
            en: 'The proposal changes nothing in the version in force.',
          });
        }
        const next = versions.at(-1)!.version + 1;
        const at = clock.now();
        await store.insertVersion(trx, versionRow(actor, id, next, input, reason, at));
        await audit.record(trx, {
          actor,
          agencyId: input.ownerAgencyId,
          action: 'data.catalogue.propose',
          objectType: 'data.catalogue_entry',
          objectId: `${id}@${next}`,
          before: current ? contentOf(current) : null,
          after: input,
          details: { entryId: id, version: next, reason, new: false },
        });
        return next;
      });
      return proposalView(id, version);
    },

    approve: (actor: Actor, id: string, version: number, reason?: string) =>
      decide(actor, id, version, 'approved', reason ?? null),

    reject: (actor: Actor, id: string, version: number, reason: string) =>
      decide(actor, id, version, 'rejected', reason),

    // ——— For other parts and modules ———

    /** The public part of every approved entry (the portal publishes it as a dataset). */
    publicEntries: () => currentEntries('public'),

    /** The full current version of an entry, or null. */
    async entry(id: string): Promise<CatalogueEntry | null> {
      const entry = await store.entry(id);
      if (!entry?.current_version) return null;
      const row = (await store.versionsOf(id)).find(
        (candidate) => candidate.version === entry.current_version,
      )!;
      return toEntry(row, {
        demo: entry.demo,
        view: 'full',
        owner: await ownerNames([row.owner_agency_id]),
        approvedAt: row.decided_at,
      });
    },

    async xlsx(options: { view: View }): Promise<Buffer> {
      return catalogueXlsx(await currentEntries(options.view), {
        view: options.view,
        generatedAt: clock.now(),
      });
    },

    /** The workbook a caller gets: the public part, or every field for officials. */
    async xlsxFor(principal: Principal): Promise<Buffer> {
      return catalogueXlsx(await currentEntries(viewOf(principal)), {
        view: viewOf(principal),
        generatedAt: clock.now(),
      });
    },
  };
}

/** A proposed version's row from the input (jsonb columns as JSON text). */
export function versionRow(
  actor: Actor,
  entryId: string,
  version: number,
  input: EntryInput,
  reason: string,
  at: Date,
): NewVersionRow {
  return {
    entry_id: entryId,
    version,
    state: 'proposed',
    name_vi: input.nameVi,
    name_en: input.nameEn,
    owner_agency_id: input.ownerAgencyId,
    legal_basis: input.legalBasis ?? null,
    description_vi: input.descriptionVi,
    description_en: input.descriptionEn ?? null,
    data_items: JSON.stringify(input.dataItems),
    record_count: input.recordCount ?? null,
    update_frequency: input.updateFrequency,
    sharing_level: input.sharingLevel,
    national_connections: JSON.stringify(input.nationalConnections),
    security_level: input.securityLevel ?? null,
    security_state: input.securityState ?? null,
    security_authority: input.securityAuthority ?? null,
    security_decision: input.securityDecision ?? null,
    hosting: input.hosting ?? null,
    contact: input.contact ? JSON.stringify(input.contact) : null,
    proposed_by: actorLabel(actor),
    proposed_by_account: actorAccount(actor),
    proposed_at: at,
    reason,
  };
}

/** The input with every optional field filled as stored, so it compares with a stored version. */
function withDefaults(input: EntryInput): Required<EntryInput> {
  return {
    nameVi: input.nameVi,
    nameEn: input.nameEn,
    ownerAgencyId: input.ownerAgencyId,
    legalBasis: input.legalBasis ?? null,
    descriptionVi: input.descriptionVi,
    descriptionEn: input.descriptionEn ?? null,
    dataItems: input.dataItems,
    recordCount: input.recordCount ?? null,
    updateFrequency: input.updateFrequency,
    sharingLevel: input.sharingLevel,
    nationalConnections: input.nationalConnections,
    securityLevel: input.securityLevel ?? null,
    securityState: input.securityState ?? null,
    securityAuthority: input.securityAuthority ?? null,
    securityDecision: input.securityDecision ?? null,
    hosting: input.hosting ?? null,
    contact: input.contact ?? null,
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
