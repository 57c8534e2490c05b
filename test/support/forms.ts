// biome-ignore lint/suspicious/noExplicitAny: JSON of the drafts API, read as it comes.
type Json = Record<string, any>;

/**
 * Answers for the required top-level fields a draft's pre-fill left empty, one plausible value per
 * field type — for tests and benchmarks that submit without caring what was typed.
 */
export function completeAnswers(draft: Json, answers: Record<string, unknown> = draft.answers) {
  const filled: Record<string, unknown> = { ...answers };
  for (const section of draft.form.sections) {
    for (const field of section.fields) {
      if (field.fields || filled[field.key] !== undefined || !field.required) continue;
      filled[field.key] =
        field.type === 'number'
          ? Math.max(field.min ?? 1, 1)
          : field.type === 'date'
            ? '2020-01-01'
            : field.type === 'select'
              ? field.options?.[0]?.value
              : field.type === 'checkbox'
                ? true
                : field.type === 'phone'
                  ? '0912345678'
                  : field.type === 'email'
                    ? 'cong.dan@example.vn'
                    : field.type === 'address'
                      ? { detail: 'Số 1 phố Tràng Tiền', communeCode: '00070', provinceCode: '01' }
                      : 'Thử nghiệm';
    }
  }
  return filled;
}
