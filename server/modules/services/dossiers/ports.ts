import type { Acr, Actor } from '../../../platform/auth/principal.ts';
import { AppError } from '../../../platform/errors.ts';

/**
 * What dossiers needs from the other parts, written from the contracts in docs/public-services.md.
 * The parts are built at the same time; until one is there (its door still an empty scaffold), the
 * action that needs it answers 503 `not_ready` instead of guessing.
 */
export type JsonLogic = unknown;

export type FormField = {
  key: string;
  labelVi: string;
  labelEn: string;
  type: string;
  item?: string;
  required?: boolean;
};
export type FormGroup = {
  key: string;
  labelVi: string;
  labelEn: string;
  repeat?: { min: number; max: number };
  fields: FormField[];
};
export type FormAttachment = {
  key: string;
  labelVi: string;
  labelEn: string;
  required: boolean | JsonLogic;
  mediaTypes: string[];
  maxBytes: number;
};
export type FormDefinition = {
  sections: { key: string; titleVi: string; titleEn: string; fields: (FormField | FormGroup)[] }[];
  blocks: { rule: JsonLogic; messageVi: string; messageEn: string }[];
  attachments: FormAttachment[];
};
export type ProcedureInfo = {
  code: string;
  nameVi: string;
  nameEn: string;
  agencyLevel: string;
  agencyIds: string[];
  processingDays: number;
  feeVnd: number;
  onlineLevel: 'full' | 'partial';
  resultType: { vi: string; en: string };
  minimumAcr: Acr;
  publishedVersion: number | null;
};
export type ValidationIssue = { path: string; vi: string; en: string };
/** `values`: the answers kept (hidden and unknown values dropped). */
export type ValidationResultPort = {
  valid: boolean;
  issues: ValidationIssue[];
  values?: Record<string, unknown>;
};

export type ProceduresPort = {
  get(code: string): Promise<ProcedureInfo | null>;
  form(code: string, version?: number): Promise<{ version: number; definition: FormDefinition } | null>;
  validate(
    definition: FormDefinition,
    answers: Record<string, unknown>,
    attachments: { key: string; mediaType: string; bytes: number }[],
  ): Promise<ValidationResultPort>;
};

export type ItemIssuer = { agencyId: string; nameVi: string; nameEn: string };
export type ItemValue = {
  value: unknown;
  item: string;
  serviceId: string;
  providerAgencyId: string;
  updatedAt: string;
  verification: 'government-verified' | 'self-declared';
  /** The agency that issued the record (an issued result), when the provider names it. */
  issuer?: ItemIssuer;
};
export type DataProvider = {
  serviceId: string;
  providerAgencyId: string;
  nameVi: string;
  nameEn: string;
  items: string[];
  verification: 'government-verified' | 'self-declared';
  /** Holds items for some citizens only: services after it offering the same item are asked too. */
  partial?: boolean;
  fetch(
    personalId: string,
    items: string[],
  ): Promise<{
    values: Record<string, unknown>;
    updatedAt: Record<string, string>;
    issuedBy?: Record<string, ItemIssuer>;
  }>;
};
export type SourceInfo = {
  item: string;
  serviceId: string;
  nameVi: string;
  nameEn: string;
  verification: string;
  updatedAt: string | null;
};
export type ExchangePort = {
  registerBuiltInProvider(provider: DataProvider): void;
  sources(personalId: string, items: string[]): Promise<SourceInfo[]>;
  giveConsent(
    actor: Actor,
    input: {
      purposeCode: string;
      purposeVi: string;
      purposeEn: string;
      consumerAgencyId: string;
      items: string[];
      retentionDays: number;
    },
  ): Promise<{ id: string }>;
  fetchForCitizen(input: {
    consumerAgencyId: string;
    personalId: string;
    receiptId: string | null;
    items: string[];
    purposeCode: string;
    actor: Actor;
  }): Promise<ItemValue[]>;
};

export type ResultsPort = {
  issueResult(input: {
    dossierId: string;
    dossierCode: string;
    procedureCode: string;
    agencyId: string;
    subject: { personalId: string; fullName: string };
    titleVi: string;
    titleEn: string;
    fields: { labelVi: string; labelEn: string; value: string | number | boolean }[];
    items?: Record<string, unknown>;
    actor?: Actor;
  }): Promise<{ id: string }>;
  /** The citizen's issued results, newest first, with their dictionary items (once-only). */
  resultsOf?(
    personalId: string,
  ): Promise<{ items: Record<string, unknown>; issuedAt: string; status: string; dossierCode: string }[]>;
  /** The issued-results data provider, registered with the exchange beside earlier dossiers. */
  provider?: DataProvider & {
    learn(items: string[]): boolean;
    loadKnownItems(): Promise<string[]>;
    watch(listener: () => void): void;
  };
};

/** server/platform/calendar.ts, as the contract states it. */
export type WorkingCalendarPort = {
  isWorkingDay(date: string): boolean;
  addWorkingDays(date: string, days: number): string;
  workingDaysBetween(from: string, to: string): number;
  dueDate(input: {
    receivedAt: Date;
    workingDays: number;
    pauses: { from: Date; to: Date | null }[];
    extensionDays?: number;
  }): string;
};

const notReady = (part: string) =>
  new AppError('not_ready', {
    vi: `Phần "${part}" của dịch vụ công chưa sẵn sàng.`,
    en: `The "${part}" part of public services is not available yet.`,
  });

const has = (value: unknown, ...names: string[]) =>
  typeof value === 'object' &&
  value !== null &&
  names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

/** The part behind a scaffold door answers `not_ready` until its functions exist. */
export function portOf<T>(value: unknown, part: string, ...names: string[]): () => T {
  return () => {
    if (!has(value, ...names)) throw notReady(part);
    return value as T;
  };
}
export const isPort = has;
