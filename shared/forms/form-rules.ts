/// <reference path="./json-logic-js.d.ts" />
import jsonLogic from 'json-logic-js';

/**
 * Form definitions of the procedure catalogue and the one place their rules are evaluated. The
 * browser (form renderer, form builder preview) and the server (dossier submission, the builder's
 * preview-validate) import this same file, so a field hidden or required on screen is hidden or
 * required on the server too. It depends on json-logic-js only: no server or browser code.
 *
 * Values: `answers[field.key]` for a top-level field; a group keeps its fields under
 * `answers[group.key]`: an object, or with `repeat` an array of objects. Paths name a value:
 * `fullName`, `child.fullName`, `children.0.fullName`. A rule inside a group sees the whole form's
 * answers with the group entry's own fields on top (`{ ...answers, ...entry }`).
 */

export type JsonLogic = boolean | number | string | null | JsonLogic[] | { [operator: string]: JsonLogic };

export const fieldTypes = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'checkbox',
  'email',
  'phone',
  'address',
] as const;
export type FieldType = (typeof fieldTypes)[number];

export type FieldOption = { value: string; labelVi: string; labelEn: string };

export type FormField = {
  key: string;
  labelVi: string;
  labelEn: string;
  type: FieldType;
  /** Dictionary item code: pre-filled from the exchange and checked against the item's constraints. */
  item?: string;
  required?: boolean;
  pattern?: string;
  /** Numbers: the value's bounds; text: its length in characters. */
  min?: number;
  max?: number;
  options?: FieldOption[];
  /** A dictionary code list giving the options of a select. */
  codeList?: string;
  helpVi?: string;
  helpEn?: string;
  visibleIf?: JsonLogic;
  requiredIf?: JsonLogic;
};

export type FormGroup = {
  key: string;
  labelVi: string;
  labelEn: string;
  repeat?: { min: number; max: number };
  fields: FormField[];
  visibleIf?: JsonLogic;
};

export type FormSection = {
  key: string;
  titleVi: string;
  titleEn: string;
  fields: (FormField | FormGroup)[];
};

export type FormBlock = { rule: JsonLogic; messageVi: string; messageEn: string };

export type FormAttachment = {
  key: string;
  labelVi: string;
  labelEn: string;
  required: boolean | JsonLogic;
  mediaTypes: string[];
  maxBytes: number;
};

export type FormDefinition = {
  sections: FormSection[];
  /** A rule that evaluates truthy blocks submission, with its message. */
  blocks: FormBlock[];
  attachments: FormAttachment[];
};

export type Answers = Record<string, unknown>;
export type AttachmentRef = { key: string; mediaType: string; bytes: number };
/** Attachments as a list, or by key (one file or several per key). */
export type AttachmentsInput =
  | AttachmentRef[]
  | Record<string, { mediaType: string; bytes: number } | { mediaType: string; bytes: number }[]>;

function attachmentList(input: AttachmentsInput | undefined): AttachmentRef[] {
  if (!input) return [];
  if (Array.isArray(input)) return input;
  return Object.entries(input).flatMap(([key, files]) =>
    (Array.isArray(files) ? files : [files]).map((file) => ({
      key,
      mediaType: String(file?.mediaType ?? ''),
      bytes: Number(file?.bytes ?? 0),
    })),
  );
}
export type FormIssue = { path: string; vi: string; en: string };
export type Bilingual = { vi: string; en: string };

/** Where a pre-filled value came from (shown beside the field; locked values cannot be edited). */
export type FieldProvenance = {
  source: string;
  updatedAt: string | null;
  verification: 'government-verified' | 'self-declared';
  locked: boolean;
};

export const isGroup = (entry: FormField | FormGroup): entry is FormGroup =>
  Array.isArray((entry as FormGroup).fields);

/** Every field of a definition with its path pattern (`key` or `group.key`) and its group. */
export function allFields(definition: FormDefinition): { field: FormField; group: FormGroup | null }[] {
  const out: { field: FormField; group: FormGroup | null }[] = [];
  for (const section of definition.sections)
    for (const entry of section.fields) {
      if (isGroup(entry)) for (const field of entry.fields) out.push({ field, group: entry });
      else out.push({ field: entry, group: null });
    }
  return out;
}

/** Evaluates a JSON Logic rule; a rule that fails to evaluate (unknown operator) counts as false. */
export function evaluate(rule: JsonLogic | undefined, data: Answers): unknown {
  if (rule === undefined) return undefined;
  try {
    return jsonLogic.apply(rule, data);
  } catch {
    return false;
  }
}

export const truthy = (value: unknown): boolean => jsonLogic.truthy(value);

/** Is something with this `visibleIf` shown? No rule: shown. */
export const isShown = (rule: JsonLogic | undefined, data: Answers): boolean =>
  rule === undefined ? true : truthy(evaluate(rule, data));

/** Why a rule cannot be used (unknown operator, not JSON Logic), or null when it evaluates. */
export function ruleProblem(rule: JsonLogic): Bilingual | null {
  if (typeof rule === 'object' && rule !== null && !Array.isArray(rule)) {
    const keys = Object.keys(rule);
    if (keys.length !== 1)
      return {
        vi: 'Quy tắc JSON Logic cần đúng một toán tử.',
        en: 'A JSON Logic rule needs exactly one operator.',
      };
  }
  try {
    jsonLogic.apply(rule, {});
    return null;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return {
      vi: `Quy tắc JSON Logic không chạy được: ${text}`,
      en: `The JSON Logic rule does not run: ${text}`,
    };
  }
}

const isRecord = (value: unknown): value is Answers =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function pruneFields(fields: FormField[], source: Answers, data: Answers): Answers {
  const out: Answers = {};
  for (const field of fields) {
    if (!(field.key in source)) continue;
    if (isShown(field.visibleIf, data)) out[field.key] = source[field.key];
  }
  return out;
}

function pruneOnce(definition: FormDefinition, answers: Answers, data: Answers): Answers {
  const out: Answers = {};
  for (const section of definition.sections)
    for (const entry of section.fields) {
      if (!isGroup(entry)) {
        Object.assign(out, pruneFields([entry], answers, data));
        continue;
      }
      if (!isShown(entry.visibleIf, data) || !(entry.key in answers)) continue;
      const raw = answers[entry.key];
      if (entry.repeat) {
        if (!Array.isArray(raw)) continue;
        out[entry.key] = raw.map((item) =>
          isRecord(item) ? pruneFields(entry.fields, item, { ...data, ...item }) : {},
        );
      } else if (isRecord(raw)) {
        out[entry.key] = pruneFields(entry.fields, raw, { ...data, ...raw });
      }
    }
  return out;
}

/**
 * The answers a definition keeps: values of hidden fields and groups, and keys the definition
 * does not know, are dropped. Rules see the pruned answers, so a field that depends on a hidden
 * field is hidden too (repeated until nothing changes).
 */
export function visibleAnswers(definition: FormDefinition, answers: Answers): Answers {
  let current = pruneOnce(definition, answers, answers);
  for (let round = 0; round < 10; round += 1) {
    const next = pruneOnce(definition, answers, current);
    if (JSON.stringify(next) === JSON.stringify(current)) return next;
    current = next;
  }
  return current;
}

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^(\+84|0)[0-9]{9,10}$/;

function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function compile(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

export type ValidateOptions = {
  /** Allowed values of selects bound to a code list (`codeList` → values). */
  codeLists?: Record<string, string[]>;
  /** Checks a non-empty value of a field bound to a dictionary item; null when it conforms. */
  checkItem?: (item: string, value: unknown) => Bilingual | null;
};

/** Why a non-empty value does not fit its field, or null. */
export function checkFieldValue(
  field: FormField,
  value: unknown,
  options: ValidateOptions = {},
): Bilingual | null {
  const fail = (vi: string, en: string): Bilingual => ({ vi, en });
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone': {
      if (typeof value !== 'string') return fail('Cần nhập văn bản.', 'Text is expected.');
      const length = [...value].length;
      if (field.min !== undefined && length < field.min)
        return fail(`Cần ít nhất ${field.min} ký tự.`, `At least ${field.min} characters are needed.`);
      if (field.max !== undefined && length > field.max)
        return fail(`Tối đa ${field.max} ký tự.`, `At most ${field.max} characters.`);
      if (field.type === 'email' && !EMAIL.test(value))
        return fail('Địa chỉ thư điện tử không hợp lệ.', 'The e-mail address is not valid.');
      if (field.type === 'phone' && !PHONE.test(value.replace(/[\s.-]/g, '')))
        return fail('Số điện thoại không hợp lệ.', 'The phone number is not valid.');
      if (field.pattern !== undefined && !compile(field.pattern)?.test(value))
        return fail('Không đúng định dạng quy định.', 'Does not have the required format.');
      break;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail('Cần một số.', 'A number is expected.');
      if (field.min !== undefined && value < field.min)
        return fail(`Không được nhỏ hơn ${field.min}.`, `Must not be less than ${field.min}.`);
      if (field.max !== undefined && value > field.max)
        return fail(`Không được lớn hơn ${field.max}.`, `Must not be greater than ${field.max}.`);
      break;
    }
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value))
        return fail('Cần một ngày hợp lệ (YYYY-MM-DD).', 'A valid date (YYYY-MM-DD) is expected.');
      break;
    case 'checkbox':
      if (typeof value !== 'boolean') return fail('Cần giá trị có/không.', 'Yes or no is expected.');
      break;
    case 'select': {
      if (typeof value !== 'string') return fail('Cần chọn một giá trị.', 'Choose a value.');
      const allowed = field.options
        ? field.options.map((option) => option.value)
        : field.codeList
          ? options.codeLists?.[field.codeList]
          : undefined;
      if (allowed && !allowed.includes(value))
        return fail(
          `Giá trị «${value}» không có trong danh sách.`,
          `The value "${value}" is not in the list.`,
        );
      break;
    }
    case 'address': {
      const ok =
        isRecord(value) &&
        typeof value.detail === 'string' &&
        value.detail.trim() !== '' &&
        typeof value.communeCode === 'string' &&
        /^[0-9]{5}$/.test(value.communeCode) &&
        typeof value.provinceCode === 'string' &&
        /^[0-9]{2}$/.test(value.provinceCode);
      if (!ok)
        return fail(
          'Cần địa chỉ: số nhà, đường và mã xã/phường (5 chữ số), mã tỉnh (2 chữ số).',
          'An address is needed: street address, commune/ward code (5 digits), province code (2 digits).',
        );
      break;
    }
  }
  if (field.item && options.checkItem) return options.checkItem(field.item, value);
  return null;
}

function isRequired(field: FormField, data: Answers): boolean {
  if (field.requiredIf !== undefined && truthy(evaluate(field.requiredIf, data))) return true;
  return field.required === true;
}

const missing = (field: FormField, value: unknown) =>
  isEmpty(value) || (field.type === 'checkbox' && value !== true);

function checkFields(
  fields: FormField[],
  values: Answers,
  data: Answers,
  prefix: string,
  options: ValidateOptions,
  issues: FormIssue[],
) {
  for (const field of fields) {
    if (!isShown(field.visibleIf, data)) continue;
    const path = `${prefix}${field.key}`;
    const value = values[field.key];
    const label = { vi: field.labelVi, en: field.labelEn };
    if (missing(field, value)) {
      if (isRequired(field, data))
        issues.push({ path, vi: `«${label.vi}» là bắt buộc.`, en: `"${label.en}" is required.` });
      continue;
    }
    const problem = checkFieldValue(field, value, options);
    if (problem)
      issues.push({ path, vi: `«${label.vi}»: ${problem.vi}`, en: `"${label.en}": ${problem.en}` });
  }
}

export type ValidationResult = {
  valid: boolean;
  issues: FormIssue[];
  /** The answers kept: hidden and unknown values dropped. */
  values: Answers;
};

/**
 * Checks answers and attachments against a definition: hidden fields are dropped (never checked),
 * `required` and `requiredIf`, types, patterns and bounds, code lists and (through
 * `options.checkItem`) dictionary constraints, repeating groups' min/max, attachments' presence,
 * media types and sizes, and the definition's blocks.
 */
export function validate(
  definition: FormDefinition,
  answers: Answers,
  attachmentsInput: AttachmentsInput = [],
  options: ValidateOptions = {},
): ValidationResult {
  const attachments = attachmentList(attachmentsInput);
  const values = visibleAnswers(definition, isRecord(answers) ? answers : {});
  const issues: FormIssue[] = [];
  for (const section of definition.sections)
    for (const entry of section.fields) {
      if (!isGroup(entry)) {
        checkFields([entry], values, values, '', options, issues);
        continue;
      }
      if (!isShown(entry.visibleIf, values)) continue;
      const raw = values[entry.key];
      const label = { vi: entry.labelVi, en: entry.labelEn };
      if (entry.repeat) {
        const list = Array.isArray(raw) ? (raw as Answers[]) : [];
        if (list.length < entry.repeat.min)
          issues.push({
            path: entry.key,
            vi: `«${label.vi}» cần ít nhất ${entry.repeat.min} mục.`,
            en: `"${label.en}" needs at least ${entry.repeat.min} entries.`,
          });
        if (list.length > entry.repeat.max)
          issues.push({
            path: entry.key,
            vi: `«${label.vi}» có tối đa ${entry.repeat.max} mục.`,
            en: `"${label.en}" takes at most ${entry.repeat.max} entries.`,
          });
        list.forEach((item, index) => {
          checkFields(entry.fields, item, { ...values, ...item }, `${entry.key}.${index}.`, options, issues);
        });
      } else {
        const item = isRecord(raw) ? raw : {};
        checkFields(entry.fields, item, { ...values, ...item }, `${entry.key}.`, options, issues);
      }
    }

  const byKey = new Map<string, AttachmentRef[]>();
  for (const attachment of attachments) {
    const known = definition.attachments.find((a) => a.key === attachment.key);
    if (!known) {
      issues.push({
        path: `attachments.${attachment.key}`,
        vi: `Biểu mẫu không có mục đính kèm «${attachment.key}».`,
        en: `The form has no attachment "${attachment.key}".`,
      });
      continue;
    }
    byKey.set(attachment.key, [...(byKey.get(attachment.key) ?? []), attachment]);
  }
  for (const spec of definition.attachments) {
    const given = byKey.get(spec.key) ?? [];
    const path = `attachments.${spec.key}`;
    const required =
      typeof spec.required === 'boolean' ? spec.required : truthy(evaluate(spec.required, values));
    if (required && given.length === 0)
      issues.push({ path, vi: `Cần đính kèm «${spec.labelVi}».`, en: `Attach "${spec.labelEn}".` });
    for (const file of given) {
      if (!spec.mediaTypes.includes(file.mediaType))
        issues.push({
          path,
          vi: `«${spec.labelVi}»: chỉ nhận tệp ${spec.mediaTypes.join(', ')}.`,
          en: `"${spec.labelEn}": only ${spec.mediaTypes.join(', ')} files are accepted.`,
        });
      if (file.bytes > spec.maxBytes)
        issues.push({
          path,
          vi: `«${spec.labelVi}»: tệp tối đa ${spec.maxBytes} byte.`,
          en: `"${spec.labelEn}": files of at most ${spec.maxBytes} bytes.`,
        });
    }
  }

  definition.blocks.forEach((block, index) => {
    if (truthy(evaluate(block.rule, values)))
      issues.push({ path: `blocks.${index}`, vi: block.messageVi, en: block.messageEn });
  });
  return { valid: issues.length === 0, issues, values };
}

/** The dictionary items a definition binds, with the paths of the fields bound to each. */
export function boundItems(definition: FormDefinition): string[] {
  return [...new Set(allFields(definition).flatMap(({ field }) => (field.item ? [field.item] : [])))];
}

/**
 * Structural faults of a definition that a schema cannot see: duplicate keys, rules that do not
 * run, patterns that do not compile, selects without options, bad bounds.
 */
export function definitionProblems(definition: FormDefinition): FormIssue[] {
  const issues: FormIssue[] = [];
  const push = (path: string, problem: Bilingual) => issues.push({ path, ...problem });
  const topKeys = new Set<string>();
  const sectionKeys = new Set<string>();
  const checkRule = (path: string, rule: JsonLogic | undefined) => {
    if (rule === undefined) return;
    const problem = ruleProblem(rule);
    if (problem) push(path, problem);
  };
  const checkField = (path: string, field: FormField) => {
    checkRule(`${path}.visibleIf`, field.visibleIf);
    checkRule(`${path}.requiredIf`, field.requiredIf);
    if (field.pattern !== undefined && compile(field.pattern) === null)
      push(`${path}.pattern`, {
        vi: 'Biểu thức chính quy không hợp lệ.',
        en: 'The pattern is not a valid regular expression.',
      });
    if (field.min !== undefined && field.max !== undefined && field.min > field.max)
      push(`${path}.min`, {
        vi: 'Giá trị nhỏ nhất lớn hơn giá trị lớn nhất.',
        en: 'The minimum is greater than the maximum.',
      });
    if (field.type === 'select' && !field.options?.length && !field.codeList)
      push(`${path}.options`, {
        vi: 'Trường chọn cần danh sách lựa chọn hoặc danh mục mã.',
        en: 'A select needs options or a code list.',
      });
  };
  definition.sections.forEach((section, s) => {
    if (sectionKeys.has(section.key))
      push(`sections.${s}.key`, {
        vi: `Trùng khóa mục «${section.key}».`,
        en: `Duplicate section key "${section.key}".`,
      });
    sectionKeys.add(section.key);
    section.fields.forEach((entry, f) => {
      const path = `sections.${s}.fields.${f}`;
      if (topKeys.has(entry.key))
        push(`${path}.key`, {
          vi: `Trùng khóa trường «${entry.key}».`,
          en: `Duplicate field key "${entry.key}".`,
        });
      topKeys.add(entry.key);
      if (!isGroup(entry)) {
        checkField(path, entry);
        return;
      }
      checkRule(`${path}.visibleIf`, entry.visibleIf);
      if (entry.repeat && entry.repeat.min > entry.repeat.max)
        push(`${path}.repeat`, {
          vi: 'Số mục tối thiểu lớn hơn tối đa.',
          en: 'The minimum count is greater than the maximum.',
        });
      const inner = new Set<string>();
      entry.fields.forEach((field, g) => {
        if (inner.has(field.key))
          push(`${path}.fields.${g}.key`, {
            vi: `Trùng khóa trường «${field.key}».`,
            en: `Duplicate field key "${field.key}".`,
          });
        inner.add(field.key);
        checkField(`${path}.fields.${g}`, field);
      });
    });
  });
  const attachmentKeys = new Set<string>();
  definition.attachments.forEach((attachment, a) => {
    if (attachmentKeys.has(attachment.key))
      push(`attachments.${a}.key`, {
        vi: `Trùng khóa tệp «${attachment.key}».`,
        en: `Duplicate attachment key "${attachment.key}".`,
      });
    attachmentKeys.add(attachment.key);
    if (typeof attachment.required !== 'boolean') checkRule(`attachments.${a}.required`, attachment.required);
  });
  definition.blocks.forEach((block, b) => {
    checkRule(`blocks.${b}.rule`, block.rule);
  });
  return issues;
}
