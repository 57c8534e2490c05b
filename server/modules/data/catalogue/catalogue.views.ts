import { canonicalJson } from '../../../platform/canonical-json.ts';
import type { Bilingual } from '../../../platform/errors.ts';
import { foldVietnamese } from '../../../platform/text.ts';
import {
  type CatalogueEntry,
  type EntryInput,
  OFFICIAL_FIELDS,
  OPEN_ONLY_FIELDS,
  type Proposal,
  PUBLIC_FIELDS,
} from './catalogue.schema.ts';
import type { VersionRow } from './catalogue.tables.ts';

/**
 * Rows to API shapes, with the rule of what the public sees: the public fields of every approved
 * entry, the open-only fields of `open` entries, never the security fields, and no names in history.
 */
export type View = 'public' | 'full';
export type OwnerNames = (agencyId: string) => Bilingual;

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/** The entry's content as the input shape (what a proposal carries). */
export function contentOf(row: VersionRow): Required<EntryInput> {
  return {
    nameVi: row.name_vi,
    nameEn: row.name_en,
    ownerAgencyId: row.owner_agency_id,
    legalBasis: row.legal_basis,
    descriptionVi: row.description_vi,
    descriptionEn: row.description_en,
    dataItems: row.data_items,
    recordCount: row.record_count,
    updateFrequency: row.update_frequency,
    sharingLevel: row.sharing_level,
    nationalConnections: row.national_connections,
    securityLevel: row.security_level,
    securityState: row.security_state,
    securityAuthority: row.security_authority,
    securityDecision: row.security_decision,
    hosting: row.hosting,
    contact: row.contact ?? null,
  };
}

export function visibleFields(view: View, sharingLevel: string): string[] {
  if (view === 'full') return [...PUBLIC_FIELDS, ...OPEN_ONLY_FIELDS, ...OFFICIAL_FIELDS];
  return sharingLevel === 'open' ? [...PUBLIC_FIELDS, ...OPEN_ONLY_FIELDS] : [...PUBLIC_FIELDS];
}

export function toEntry(
  row: VersionRow,
  options: { demo: boolean; view: View; owner: OwnerNames; approvedAt: Date | null },
): CatalogueEntry {
  const content = contentOf(row);
  const owner = options.owner(row.owner_agency_id);
  const entry: CatalogueEntry = {
    id: row.entry_id,
    version: row.version,
    view: options.view,
    demo: options.demo,
    nameVi: content.nameVi,
    nameEn: content.nameEn,
    ownerAgencyId: content.ownerAgencyId,
    ownerNameVi: owner.vi,
    ownerNameEn: owner.en,
    descriptionVi: content.descriptionVi,
    descriptionEn: content.descriptionEn,
    dataItems: content.dataItems,
    updateFrequency: content.updateFrequency,
    sharingLevel: content.sharingLevel,
    nationalConnections: content.nationalConnections,
    approvedAt: iso(options.approvedAt),
  };
  const extra = visibleFields(options.view, content.sharingLevel).filter(
    (field) => !(PUBLIC_FIELDS as readonly string[]).includes(field),
  );
  for (const field of extra) {
    (entry as Record<string, unknown>)[field] = (content as Record<string, unknown>)[field] ?? null;
  }
  return entry;
}

/** Which fields differ from the version before (all of them for a first version), as far as the view shows. */
export function changedFields(row: VersionRow, previous: VersionRow | undefined, view: View): string[] {
  const after = contentOf(row) as Record<string, unknown>;
  const before = previous ? (contentOf(previous) as Record<string, unknown>) : null;
  const shown = new Set([
    ...visibleFields(view, row.sharing_level),
    ...(previous ? visibleFields(view, previous.sharing_level) : []),
  ]);
  return Object.keys(after).filter(
    (field) => shown.has(field) && (!before || canonicalJson(before[field]) !== canonicalJson(after[field])),
  );
}

export function toProposal(
  row: VersionRow,
  options: { demo: boolean; view: View; owner: OwnerNames; previous: VersionRow | undefined },
): Proposal {
  const names = options.view === 'full';
  return {
    entryId: row.entry_id,
    version: row.version,
    state: row.state,
    proposedBy: names ? row.proposed_by : null,
    proposedAt: iso(row.proposed_at)!,
    reason: names ? row.reason : null,
    decidedBy: names ? row.decided_by : null,
    decidedAt: iso(row.decided_at),
    decisionReason: names ? row.decision_reason : null,
    changedFields: changedFields(row, options.previous, options.view),
    entry: toEntry(row, {
      demo: options.demo,
      view: options.view,
      owner: options.owner,
      approvedAt: row.state === 'approved' ? row.decided_at : null,
    }),
  };
}

export function matchesQuery(entry: CatalogueEntry, q: string | undefined): boolean {
  if (!q) return true;
  const haystack = foldVietnamese(
    [
      entry.nameVi,
      entry.nameEn,
      entry.ownerNameVi,
      entry.ownerNameEn,
      entry.descriptionVi,
      entry.descriptionEn ?? '',
      entry.dataItems.join(' '),
    ].join(' '),
  );
  return foldVietnamese(q)
    .split(' ')
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
