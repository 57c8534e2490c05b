import { Checkbox, MultiSelect, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../../agencies/queries.ts';
import { hanoiToday } from '../../lib/format.ts';
import { CITY_UNIT_ID, holdsRole } from '../../lib/session.ts';
import type { OfficialPrincipal } from '../../lib/types.ts';
import { AgencySelect } from '../../plan/components/AgencySelect.tsx';
import { useLanguage } from '../../shell/use-language.ts';
import { useVocabularies } from '../queries.ts';
import type { DatasetForm } from './dataset-form.ts';

/** The organisations an official may publish for: their data-steward agencies; every agency for the city. */
export function publishesForAll(principal: OfficialPrincipal) {
  return holdsRole(principal, ['city_admin']) || holdsRole(principal, ['data_steward'], CITY_UNIT_ID);
}

export function stewardUnits(principal: OfficialPrincipal) {
  return principal.memberships.filter((membership) => membership.role === 'data_steward');
}

function OrganizationField({
  principal,
  value,
  onChange,
}: {
  principal: OfficialPrincipal;
  value: string;
  onChange: (organizationId: string) => void;
}) {
  const { t } = useTranslation('data');
  const { language } = useLanguage();
  if (publishesForAll(principal)) {
    return (
      <AgencySelect
        label={t('form.organization')}
        value={value}
        required
        emptyLabel={t('form.chooseOrganization')}
        onChange={onChange}
      />
    );
  }
  return (
    <NativeSelect
      label={t('form.organization')}
      required
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={stewardUnits(principal).map((membership) => ({
        value: membership.unitId,
        label: language === 'en' ? membership.unitNameEn : membership.unitNameVi,
      }))}
    />
  );
}

/** The DCAT-AP fields of a dataset, both languages, as the publisher fills them in. */
export function DatasetFormFields({
  form,
  set,
  principal,
  onTitleVi,
}: {
  form: DatasetForm;
  set: (patch: Partial<DatasetForm>) => void;
  principal: OfficialPrincipal;
  onTitleVi?: (title: string) => void;
}) {
  const { t } = useTranslation('data');
  const { pick, unitName, language } = useLanguage();
  const vocabularies = useVocabularies();
  const units = useUnits({ at: hanoiToday() });
  const unitOptions = useMemo(
    () =>
      (units.data?.units ?? [])
        .map((unit) => ({ value: unit.id, label: unitName(unit) }))
        .sort((a, b) => a.label.localeCompare(b.label, language)),
    [units.data, unitName, language],
  );
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <TextInput
          label={t('form.titleVi')}
          required
          minLength={3}
          maxLength={300}
          value={form.titleVi}
          onChange={(event) => {
            set({ titleVi: event.currentTarget.value });
            onTitleVi?.(event.currentTarget.value);
          }}
        />
        <TextInput
          label={t('form.titleEn')}
          lang="en"
          maxLength={300}
          value={form.titleEn}
          onChange={(event) => set({ titleEn: event.currentTarget.value })}
        />
        <TextInput
          label={t('form.name')}
          description={t('form.nameHint')}
          required
          minLength={2}
          maxLength={100}
          pattern="[a-z0-9][a-z0-9_\-]*"
          value={form.name}
          onChange={(event) => set({ name: event.currentTarget.value })}
        />
        <OrganizationField
          principal={principal}
          value={form.organizationId}
          onChange={(organizationId) => set({ organizationId })}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Textarea
          label={t('form.descriptionVi')}
          description={t('form.descriptionHint')}
          required
          autosize
          minRows={4}
          maxLength={20_000}
          value={form.descriptionVi}
          onChange={(event) => set({ descriptionVi: event.currentTarget.value })}
        />
        <Textarea
          label={t('form.descriptionEn')}
          lang="en"
          autosize
          minRows={4}
          maxLength={20_000}
          value={form.descriptionEn}
          onChange={(event) => set({ descriptionEn: event.currentTarget.value })}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
        <TextInput
          label={t('form.keywords')}
          description={t('form.keywordsHint')}
          maxLength={2000}
          value={form.keywords}
          onChange={(event) => set({ keywords: event.currentTarget.value })}
        />
        <NativeSelect
          label={t('form.licence')}
          value={form.licenseId}
          onChange={(event) => set({ licenseId: event.currentTarget.value })}
          data={(vocabularies.data?.licences ?? [{ id: form.licenseId, title: form.licenseId }]).map(
            (licence) => ({
              value: licence.id,
              label: licence.title,
            }),
          )}
        />
        <NativeSelect
          label={t('form.frequency')}
          value={form.frequency}
          onChange={(event) => set({ frequency: event.currentTarget.value })}
          data={(
            vocabularies.data?.frequencies ?? [
              { code: form.frequency, vi: form.frequency, en: form.frequency },
            ]
          ).map((frequency) => ({ value: frequency.code, label: pick(frequency) }))}
        />
        <TextInput
          label={t('form.contactName')}
          maxLength={200}
          value={form.contactName}
          onChange={(event) => set({ contactName: event.currentTarget.value })}
        />
        <TextInput
          label={t('form.contactEmail')}
          type="email"
          maxLength={200}
          value={form.contactEmail}
          onChange={(event) => set({ contactEmail: event.currentTarget.value })}
        />
        <MultiSelect
          label={t('form.spatial')}
          description={t('form.spatialHint')}
          searchable
          clearable
          maxValues={200}
          value={form.spatialUnitIds}
          onChange={(spatialUnitIds) => set({ spatialUnitIds })}
          data={unitOptions}
        />
        <TextInput
          label={t('form.temporalStart')}
          type="date"
          value={form.temporalStart}
          onChange={(event) => set({ temporalStart: event.currentTarget.value })}
        />
        <TextInput
          label={t('form.temporalEnd')}
          type="date"
          value={form.temporalEnd}
          onChange={(event) => set({ temporalEnd: event.currentTarget.value })}
        />
      </SimpleGrid>
      <fieldset className="data-fieldset">
        <legend>{t('form.themes')}</legend>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing={6}>
          {(vocabularies.data?.themes ?? []).map((theme) => (
            <Checkbox
              key={theme.code}
              label={pick(theme)}
              checked={form.themes.includes(theme.code)}
              onChange={(event) =>
                set({
                  themes: event.currentTarget.checked
                    ? [...form.themes, theme.code]
                    : form.themes.filter((code) => code !== theme.code),
                })
              }
            />
          ))}
        </SimpleGrid>
      </fieldset>
    </Stack>
  );
}
