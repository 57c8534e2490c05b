import { describe, expect, it } from 'vitest';
import {
  definitionProblems,
  type FormDefinition,
  validate,
  visibleAnswers,
} from '../../../../shared/forms/form-rules.ts';

const definition: FormDefinition = {
  sections: [
    {
      key: 'applicant',
      titleVi: 'Người nộp',
      titleEn: 'Applicant',
      fields: [
        {
          key: 'fullName',
          labelVi: 'Họ tên',
          labelEn: 'Full name',
          type: 'text',
          required: true,
          item: 'person.fullName',
        },
        {
          key: 'hasBusiness',
          labelVi: 'Có kinh doanh',
          labelEn: 'Runs a business',
          type: 'checkbox',
        },
        {
          key: 'businessName',
          labelVi: 'Tên hộ kinh doanh',
          labelEn: 'Business name',
          type: 'text',
          required: true,
          visibleIf: { '==': [{ var: 'hasBusiness' }, true] },
        },
        {
          key: 'employees',
          labelVi: 'Số lao động',
          labelEn: 'Employees',
          type: 'number',
          min: 0,
          max: 10,
          visibleIf: { var: 'businessName' },
        },
        {
          key: 'phone',
          labelVi: 'Điện thoại',
          labelEn: 'Phone',
          type: 'phone',
          requiredIf: { '>': [{ var: 'employees' }, 5] },
        },
        {
          key: 'sex',
          labelVi: 'Giới tính',
          labelEn: 'Sex',
          type: 'select',
          codeList: 'sex',
        },
      ],
    },
    {
      key: 'family',
      titleVi: 'Gia đình',
      titleEn: 'Family',
      fields: [
        {
          key: 'children',
          labelVi: 'Con',
          labelEn: 'Children',
          repeat: { min: 1, max: 2 },
          fields: [
            { key: 'name', labelVi: 'Tên con', labelEn: 'Child name', type: 'text', required: true },
            {
              key: 'school',
              labelVi: 'Trường',
              labelEn: 'School',
              type: 'text',
              requiredIf: { '>=': [{ var: 'age' }, 6] },
            },
            { key: 'age', labelVi: 'Tuổi', labelEn: 'Age', type: 'number', min: 0 },
          ],
        },
      ],
    },
  ],
  blocks: [
    {
      rule: { '>': [{ var: 'employees' }, 9] },
      messageVi: 'Từ 10 lao động phải đăng ký doanh nghiệp.',
      messageEn: 'With 10 or more employees, register an enterprise.',
    },
  ],
  attachments: [
    {
      key: 'lease',
      labelVi: 'Hợp đồng thuê',
      labelEn: 'Lease',
      required: { '==': [{ var: 'hasBusiness' }, true] },
      mediaTypes: ['application/pdf'],
      maxBytes: 1000,
    },
  ],
};

const paths = (result: { issues: { path: string }[] }) => result.issues.map((issue) => issue.path).sort();
const base = { fullName: 'Nguyễn Văn A', children: [{ name: 'Bé' }] };

describe('form rules (shared by browser and server)', () => {
  it('accepts a minimal valid form', () => {
    const result = validate(definition, base, []);
    expect(result.issues).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('hides a field by its JSON Logic rule: its value is dropped and not validated', () => {
    const result = validate(
      definition,
      { ...base, hasBusiness: false, businessName: 42, employees: 'many' },
      [],
    );
    expect(result.valid).toBe(true);
    expect(result.values).not.toHaveProperty('businessName');
    // employees depends on businessName, which is hidden: hidden too (chained).
    expect(result.values).not.toHaveProperty('employees');
  });

  it('shows the field when the rule holds, then requires and checks it', () => {
    const shown = validate(definition, { ...base, hasBusiness: true }, [
      { key: 'lease', mediaType: 'application/pdf', bytes: 10 },
    ]);
    expect(paths(shown)).toEqual(['businessName']);
    expect(shown.issues[0]?.vi).toContain('bắt buộc');
    expect(shown.issues[0]?.en).toContain('required');
    const typed = validate(
      definition,
      { ...base, hasBusiness: true, businessName: 'Phở Hà', employees: 11 },
      [{ key: 'lease', mediaType: 'application/pdf', bytes: 10 }],
    );
    expect(paths(typed)).toEqual(['blocks.0', 'employees', 'phone']);
  });

  it('applies requiredIf only when its rule holds', () => {
    const answers = { ...base, hasBusiness: true, businessName: 'Phở Hà' };
    const files = [{ key: 'lease', mediaType: 'application/pdf', bytes: 10 }];
    expect(validate(definition, { ...answers, employees: 3 }, files).valid).toBe(true);
    expect(paths(validate(definition, { ...answers, employees: 6 }, files))).toEqual(['phone']);
    expect(validate(definition, { ...answers, employees: 6, phone: '0912345678' }, files).valid).toBe(true);
    expect(paths(validate(definition, { ...answers, employees: 6, phone: '12' }, files))).toEqual(['phone']);
  });

  it('blocks submission when a block rule holds', () => {
    const result = validate(
      definition,
      { ...base, hasBusiness: true, businessName: 'Phở Hà', employees: 10, phone: '0912345678' },
      [{ key: 'lease', mediaType: 'application/pdf', bytes: 10 }],
    );
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual([
      {
        path: 'blocks.0',
        vi: 'Từ 10 lao động phải đăng ký doanh nghiệp.',
        en: 'With 10 or more employees, register an enterprise.',
      },
    ]);
  });

  it('checks repeating groups: min, max, per-entry rules seeing the entry', () => {
    expect(paths(validate(definition, { fullName: 'A', children: [] }, []))).toEqual(['children']);
    expect(
      paths(
        validate(definition, { fullName: 'A', children: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }, []),
      ),
    ).toEqual(['children']);
    const entries = validate(
      definition,
      { fullName: 'A', children: [{ name: 'a', age: 7 }, { age: 3 }] },
      [],
    );
    expect(paths(entries)).toEqual(['children.0.school', 'children.1.name']);
  });

  it('checks attachments: conditional requirement, media type, size, unknown keys', () => {
    const answers = { ...base, hasBusiness: true, businessName: 'Phở Hà' };
    expect(paths(validate(definition, answers, []))).toEqual(['attachments.lease']);
    expect(
      paths(validate(definition, answers, [{ key: 'lease', mediaType: 'image/png', bytes: 10 }])),
    ).toEqual(['attachments.lease']);
    expect(
      paths(validate(definition, answers, [{ key: 'lease', mediaType: 'application/pdf', bytes: 1001 }])),
    ).toEqual(['attachments.lease']);
    expect(
      paths(validate(definition, base, [{ key: 'other', mediaType: 'application/pdf', bytes: 1 }])),
    ).toEqual(['attachments.other']);
  });

  it('checks code lists and dictionary item constraints through the options', () => {
    const options = {
      codeLists: { sex: ['1', '2'] },
      checkItem: (item: string, value: unknown) =>
        item === 'person.fullName' && typeof value === 'string' && /[0-9]/.test(value)
          ? { vi: 'sai định dạng', en: 'wrong format' }
          : null,
    };
    expect(validate(definition, { ...base, sex: '1' }, [], options).valid).toBe(true);
    expect(paths(validate(definition, { ...base, sex: '9' }, [], options))).toEqual(['sex']);
    const bad = validate(definition, { ...base, fullName: 'A1' }, [], options);
    expect(bad.issues).toEqual([
      { path: 'fullName', vi: '«Họ tên»: sai định dạng', en: '"Full name": wrong format' },
    ]);
  });

  it('checks types: real calendar dates, addresses, numbers, checkboxes; attachments given by key', () => {
    const typed: FormDefinition = {
      sections: [
        {
          key: 's',
          titleVi: 's',
          titleEn: 's',
          fields: [
            { key: 'day', labelVi: 'Ngày', labelEn: 'Day', type: 'date' },
            { key: 'home', labelVi: 'Địa chỉ', labelEn: 'Address', type: 'address' },
            { key: 'agree', labelVi: 'Đồng ý', labelEn: 'Agree', type: 'checkbox', required: true },
          ],
        },
      ],
      blocks: [],
      attachments: [
        {
          key: 'scan',
          labelVi: 'Bản chụp',
          labelEn: 'Scan',
          required: true,
          mediaTypes: ['image/png'],
          maxBytes: 10,
        },
      ],
    };
    const home = { detail: 'Số 1 Tràng Tiền', communeCode: '00070', provinceCode: '01' };
    const ok = validate(
      typed,
      { day: '2024-02-29', home, agree: true },
      { scan: { mediaType: 'image/png', bytes: 5 } },
    );
    expect(ok.issues).toEqual([]);
    const bad = validate(
      typed,
      { day: '2023-02-29', home: { ...home, communeCode: '70' }, agree: false },
      { scan: [{ mediaType: 'image/png', bytes: 11 }] },
    );
    expect(paths(bad)).toEqual(['agree', 'attachments.scan', 'day', 'home']);
  });

  it('drops unknown keys', () => {
    expect(visibleAnswers(definition, { ...base, injected: 'x' })).not.toHaveProperty('injected');
  });

  it('finds faults in a definition', () => {
    const broken: FormDefinition = {
      sections: [
        {
          key: 's',
          titleVi: 's',
          titleEn: 's',
          fields: [
            { key: 'a', labelVi: 'a', labelEn: 'a', type: 'text', visibleIf: { nosuchop: [1] } },
            { key: 'a', labelVi: 'a', labelEn: 'a', type: 'select' },
            { key: 'b', labelVi: 'b', labelEn: 'b', type: 'text', pattern: '(' },
          ],
        },
      ],
      blocks: [],
      attachments: [],
    };
    expect(definitionProblems(broken).map((issue) => issue.path)).toEqual([
      'sections.0.fields.0.visibleIf',
      'sections.0.fields.1.key',
      'sections.0.fields.1.options',
      'sections.0.fields.2.pattern',
    ]);
    expect(definitionProblems(definition)).toEqual([]);
  });
});
