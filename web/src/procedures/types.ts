import type { FieldOption, FormDefinition, FormIssue } from '../../../shared/forms/form-rules.ts';

/** The procedure catalogue's API shapes (docs/public-services.md, "Procedures and forms"). */
export type Bilingual = { vi: string; en: string };

export type Procedure = {
  code: string;
  nameVi: string;
  nameEn: string;
  agencyLevel: 'city' | 'department' | 'commune';
  agencyIds: string[];
  fieldVi: string;
  fieldEn: string;
  legalBasis: string[];
  processingDays: number;
  feeVnd: number;
  onlineLevel: 'full' | 'partial';
  requiredDocuments: Bilingual[];
  resultType: Bilingual;
  minimumAcr: string;
  notesVi: string | null;
  notesEn: string | null;
  publishedVersion: number | null;
  updatedAt: string;
};

export type ProcedurePage = Procedure & {
  agencies: { id: string; nameVi: string; nameEn: string }[];
  items: string[];
};

export type ProcedureList = {
  items: Procedure[];
  total: number;
  fields: { vi: string; en: string; count: number }[];
};

export type CodeLists = Record<string, FieldOption[]>;

export type FormVersion = {
  procedureCode: string;
  version: number;
  status: 'draft' | 'published';
  definition: FormDefinition;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
};

export type PublishedForm = FormVersion & { codeLists: CodeLists; items: string[] };

export type FormVersions = { procedure: Procedure; versions: FormVersion[]; codeLists: CodeLists };

export type ValidationResult = { valid: boolean; issues: FormIssue[]; values: Record<string, unknown> };
