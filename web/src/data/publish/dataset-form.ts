import type { Dataset } from '../types.ts';

/**
 * The publisher's dataset form as text fields (what the inputs hold), and the request body it
 * becomes. The server validates again; this only spares a round trip for the obvious.
 */
export type DatasetForm = {
  name: string;
  titleVi: string;
  titleEn: string;
  descriptionVi: string;
  descriptionEn: string;
  organizationId: string;
  contactName: string;
  contactEmail: string;
  /** Comma-separated, as typed. */
  keywords: string;
  themes: string[];
  licenseId: string;
  temporalStart: string;
  temporalEnd: string;
  spatialUnitIds: string[];
  frequency: string;
  private: boolean;
};

export function emptyForm(organizationId: string): DatasetForm {
  return {
    name: '',
    titleVi: '',
    titleEn: '',
    descriptionVi: '',
    descriptionEn: '',
    organizationId,
    contactName: '',
    contactEmail: '',
    keywords: '',
    themes: [],
    licenseId: 'CC-BY-4.0',
    temporalStart: '',
    temporalEnd: '',
    spatialUnitIds: [],
    frequency: 'UNKNOWN',
    // A new dataset stays private until its publisher publishes it.
    private: true,
  };
}

export function formOf(dataset: Dataset): DatasetForm {
  return {
    name: dataset.name,
    titleVi: dataset.titleVi,
    titleEn: dataset.titleEn ?? '',
    descriptionVi: dataset.descriptionVi,
    descriptionEn: dataset.descriptionEn ?? '',
    organizationId: dataset.organization.id,
    contactName: dataset.contactName ?? '',
    contactEmail: dataset.contactEmail ?? '',
    keywords: dataset.keywords.join(', '),
    themes: dataset.themes.map((theme) => theme.code),
    licenseId: dataset.licenseId,
    temporalStart: dataset.temporalStart ?? '',
    temporalEnd: dataset.temporalEnd ?? '',
    spatialUnitIds: dataset.spatialUnitIds,
    frequency: dataset.frequency,
    private: dataset.private,
  };
}

const orNull = (value: string) => (value.trim() ? value.trim() : null);

export const keywordsOf = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((keyword) => keyword.trim())
      .filter(Boolean),
  ),
];

/** The body of `POST /api/data/portal/datasets` (and of `PATCH`, which takes the same fields). */
export function bodyOf(form: DatasetForm) {
  return {
    name: form.name.trim(),
    titleVi: form.titleVi.trim(),
    titleEn: orNull(form.titleEn),
    descriptionVi: form.descriptionVi.trim(),
    descriptionEn: orNull(form.descriptionEn),
    organizationId: form.organizationId,
    contactName: orNull(form.contactName),
    contactEmail: orNull(form.contactEmail),
    keywords: keywordsOf(form.keywords),
    themes: form.themes,
    licenseId: form.licenseId,
    temporalStart: orNull(form.temporalStart),
    temporalEnd: orNull(form.temporalEnd),
    spatialUnitIds: form.spatialUnitIds,
    frequency: form.frequency,
    private: form.private,
  };
}
