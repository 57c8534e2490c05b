import type {
  FormDefinition,
  FormField,
  FormGroup,
  FormSection,
  JsonLogic,
} from '../../../../shared/forms/form-rules.ts';
import { acrValues } from '../../../platform/auth/principal.ts';
import type { ProcedureInput } from './procedures.schema.ts';

/**
 * The catalogue's reference procedures (loaded in every mode, never overwriting an official's
 * edits). Legal bases are those we know; processing times and fees follow the cited texts where
 * they state them and are marked as approximations in the notes otherwise. National procedure
 * codes (Cổng DVC quốc gia) are not reproduced: codes here are this platform's own slugs.
 * `agencyIds: COMMUNES` means every ward and commune People's Committee of Hanoi (resolved from
 * the org register when seeding).
 */
export const COMMUNES = '*communes*';

export type ProcedureSeed = Omit<ProcedureInput, 'agencyIds'> & { agencyIds: string[]; form: FormDefinition };

type Extra = Partial<Omit<FormField, 'key' | 'labelVi' | 'labelEn' | 'type'>>;
const field = (
  key: string,
  labelVi: string,
  labelEn: string,
  type: FormField['type'],
  extra: Extra = {},
): FormField => ({
  key,
  labelVi,
  labelEn,
  type,
  ...extra,
});
const section = (
  key: string,
  titleVi: string,
  titleEn: string,
  fields: (FormField | FormGroup)[],
): FormSection => ({
  key,
  titleVi,
  titleEn,
  fields,
});
const is = (key: string, value: string | number | boolean): JsonLogic => ({ '==': [{ var: key }, value] });
const PDF_IMAGES = ['application/pdf', 'image/jpeg', 'image/png'];
const MB = 1024 * 1024;

/** The applicant as the population registry knows them (government-verified when pre-filled). */
const applicant = (extra: (FormField | FormGroup)[] = []): FormSection =>
  section('applicant', 'Người nộp hồ sơ', 'Applicant', [
    field('fullName', 'Họ, chữ đệm và tên', 'Full name', 'text', { item: 'person.fullName', required: true }),
    field('personalId', 'Số định danh cá nhân', 'Personal identification number', 'text', {
      item: 'person.personalId',
      required: true,
    }),
    field('dateOfBirth', 'Ngày sinh', 'Date of birth', 'date', {
      item: 'person.dateOfBirth',
      required: true,
    }),
    field('sex', 'Giới tính', 'Sex', 'select', { item: 'person.sex', codeList: 'sex' }),
    field('permanentAddress', 'Nơi thường trú', 'Permanent residence', 'address', {
      item: 'address.permanent',
    }),
    field('phone', 'Số điện thoại di động', 'Mobile phone', 'phone', {
      item: 'person.phone',
      required: true,
    }),
    field('email', 'Thư điện tử', 'E-mail', 'email', { item: 'person.email' }),
    ...extra,
  ]);

const L42 =
  'Nghị định 42/2022/NĐ-CP về cung cấp thông tin và dịch vụ công trực tuyến / Decree 42/2022 on online information and public services';

export const procedureSeeds: ProcedureSeed[] = [
  {
    code: 'lien-thong-khai-sinh-thuong-tru-bhyt',
    nameVi: 'Liên thông thủ tục: đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em dưới 6 tuổi',
    nameEn:
      'Interconnected: birth registration, permanent residence registration, health insurance card for a child under 6',
    agencyLevel: 'commune',
    agencyIds: [COMMUNES],
    fieldVi: 'Hộ tịch',
    fieldEn: 'Civil status',
    legalBasis: [
      'Nghị định 63/2024/NĐ-CP về nhóm thủ tục hành chính liên thông "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi" / Decree 63/2024 on the interconnected procedures',
      'Luật Hộ tịch 2014 / Law on Civil Status 2014',
      'Luật Cư trú 2020 / Law on Residence 2020',
      'Luật Bảo hiểm y tế 2008 (sửa đổi) / Law on Health Insurance 2008 (amended)',
      L42,
    ],
    processingDays: 5,
    feeVnd: 0,
    onlineLevel: 'full',
    requiredDocuments: [
      {
        vi: 'Giấy chứng sinh (bản điện tử hoặc bản chụp)',
        en: 'Birth certificate from the hospital (electronic or scanned)',
      },
      {
        vi: 'Văn bản ủy quyền (nếu người đi đăng ký không phải cha, mẹ)',
        en: 'Authorisation (when the registrant is not a parent)',
      },
    ],
    resultType: {
      vi: 'Giấy khai sinh điện tử; cập nhật thường trú; thẻ BHYT điện tử của trẻ',
      en: "Electronic birth certificate; permanent residence recorded; the child's electronic health insurance card",
    },
    minimumAcr: acrValues.vneidLevel2,
    notesVi:
      'Thời hạn 5 ngày làm việc là tổng thời hạn gần đúng của ba thủ tục theo Nghị định 63/2024; lệ phí khai sinh đúng hạn được miễn. Nơi đăng ký: UBND cấp xã nơi cư trú của cha hoặc mẹ.',
    notesEn:
      'The 5 working days approximate the combined time of the three procedures under Decree 63/2024; on-time birth registration is free. Filed with the commune People’s Committee where a parent resides.',
    form: {
      sections: [
        applicant([
          field('relationToChild', 'Quan hệ với trẻ', 'Relation to the child', 'select', {
            required: true,
            options: [
              { value: 'mother', labelVi: 'Mẹ', labelEn: 'Mother' },
              { value: 'father', labelVi: 'Cha', labelEn: 'Father' },
              { value: 'other', labelVi: 'Người được ủy quyền', labelEn: 'Authorised person' },
            ],
          }),
        ]),
        section('child', 'Thông tin của trẻ', 'The child', [
          field('childFullName', 'Họ, chữ đệm và tên của trẻ', "Child's full name", 'text', {
            required: true,
            max: 100,
          }),
          field('childDateOfBirth', 'Ngày sinh của trẻ', "Child's date of birth", 'date', { required: true }),
          field('childSex', 'Giới tính của trẻ', "Child's sex", 'select', {
            codeList: 'sex',
            required: true,
          }),
          field('childEthnicity', 'Dân tộc của trẻ', "Child's ethnic group", 'select', {
            codeList: 'ethnicGroup',
            required: true,
          }),
          field('placeOfBirth', 'Nơi sinh', 'Place of birth', 'text', { required: true, max: 300 }),
          field('birthCertificateNumber', 'Số giấy chứng sinh', 'Hospital birth certificate number', 'text', {
            required: true,
            max: 30,
          }),
        ]),
        section('parents', 'Cha và mẹ', 'Parents', [
          field('motherFullName', 'Họ tên mẹ', "Mother's full name", 'text', {
            item: 'person.mother.fullName',
          }),
          field('motherPersonalId', 'Số định danh của mẹ', "Mother's personal ID", 'text', {
            item: 'person.mother.personalId',
          }),
          field('fatherKnown', 'Khai thông tin người cha', "Declare the father's details", 'checkbox'),
          field('fatherFullName', 'Họ tên cha', "Father's full name", 'text', {
            item: 'person.father.fullName',
            visibleIf: is('fatherKnown', true),
            required: true,
          }),
          field('fatherPersonalId', 'Số định danh của cha', "Father's personal ID", 'text', {
            item: 'person.father.personalId',
            visibleIf: is('fatherKnown', true),
            required: true,
          }),
        ]),
        section('residence', 'Đăng ký thường trú cho trẻ', "The child's permanent residence", [
          field('residenceWithParent', 'Thường trú cùng', 'Registered with', 'select', {
            required: true,
            options: [
              { value: 'mother', labelVi: 'Cùng mẹ', labelEn: 'With the mother' },
              { value: 'father', labelVi: 'Cùng cha', labelEn: 'With the father' },
            ],
          }),
          field(
            'healthCareFacility',
            'Nơi đăng ký khám chữa bệnh ban đầu',
            'Primary health-care facility',
            'text',
            {
              required: true,
              max: 200,
            },
          ),
        ]),
      ],
      blocks: [
        {
          rule: { and: [is('residenceWithParent', 'father'), { '!': { var: 'fatherKnown' } }] },
          messageVi: 'Muốn đăng ký thường trú cùng cha, hãy khai thông tin người cha.',
          messageEn: "To register the child with the father, declare the father's details.",
        },
      ],
      attachments: [
        {
          key: 'birthCertificate',
          labelVi: 'Giấy chứng sinh',
          labelEn: 'Hospital birth certificate',
          required: true,
          mediaTypes: PDF_IMAGES,
          maxBytes: 5 * MB,
        },
        {
          key: 'authorisation',
          labelVi: 'Văn bản ủy quyền',
          labelEn: 'Authorisation',
          required: is('relationToChild', 'other'),
          mediaTypes: PDF_IMAGES,
          maxBytes: 5 * MB,
        },
      ],
    },
  },
  {
    code: 'dang-ky-thuong-tru',
    nameVi: 'Đăng ký thường trú',
    nameEn: 'Permanent residence registration',
    agencyLevel: 'commune',
    agencyIds: [COMMUNES],
    fieldVi: 'Cư trú',
    fieldEn: 'Residence',
    legalBasis: [
      'Luật Cư trú 2020 (Luật số 68/2020/QH14) / Law on Residence 2020',
      'Nghị định 154/2024/NĐ-CP hướng dẫn Luật Cư trú / Decree 154/2024 guiding the Law on Residence',
      L42,
    ],
    processingDays: 7,
    feeVnd: 0,
    onlineLevel: 'full',
    requiredDocuments: [
      {
        vi: 'Tờ khai thay đổi thông tin cư trú (CT01)',
        en: 'Residence information change declaration (CT01)',
      },
      {
        vi: 'Giấy tờ chứng minh chỗ ở hợp pháp',
        en: 'Proof of lawful accommodation',
      },
      {
        vi: 'Ý kiến đồng ý của chủ hộ/chủ sở hữu chỗ ở (nếu không phải chủ sở hữu)',
        en: 'Consent of the household head or owner (if the applicant is not the owner)',
      },
    ],
    resultType: {
      vi: 'Thông báo kết quả đăng ký thường trú',
      en: 'Notice of permanent residence registration',
    },
    minimumAcr: acrValues.vneidLevel2,
    notesVi:
      'Thời hạn 7 ngày làm việc theo Điều 22 Luật Cư trú 2020. Lệ phí theo nghị quyết của HĐND Thành phố; để 0 đồng khi nộp trực tuyến là giá trị gần đúng.',
    notesEn:
      'Seven working days per Art. 22 of the Law on Residence 2020. Fees follow the City People’s Council resolution; 0 VND for online filing is an approximation.',
    form: {
      sections: [
        applicant(),
        section('newResidence', 'Nơi đăng ký thường trú', 'Where to register', [
          field('newAddress', 'Địa chỉ nơi đăng ký thường trú', 'Address to register', 'address', {
            required: true,
          }),
          field('basis', 'Trường hợp đăng ký', 'Basis of registration', 'select', {
            required: true,
            options: [
              {
                value: 'owner',
                labelVi: 'Chỗ ở hợp pháp thuộc sở hữu của mình',
                labelEn: 'Own lawful accommodation',
              },
              {
                value: 'family',
                labelVi: 'Về ở với người thân (vợ, chồng, cha, mẹ, con…)',
                labelEn: 'Joining a family member',
              },
              {
                value: 'rented',
                labelVi: 'Chỗ ở thuê, mượn, ở nhờ',
                labelEn: 'Rented or borrowed accommodation',
              },
            ],
          }),
          field('floorArea', 'Diện tích sàn bình quân (m²/người)', 'Floor area per person (m²)', 'number', {
            visibleIf: is('basis', 'rented'),
            required: true,
            min: 0,
            helpVi: 'Hà Nội yêu cầu tối thiểu 15 m² sàn/người với chỗ ở thuê, mượn.',
            helpEn:
              'Hanoi requires at least 15 m² of floor area per person in rented or borrowed accommodation.',
          }),
          field('headFullName', 'Họ tên chủ hộ', 'Household head’s full name', 'text', {
            item: 'household.headFullName',
            visibleIf: { '!=': [{ var: 'basis' }, 'owner'] },
            required: true,
          }),
          field('relationToHead', 'Quan hệ với chủ hộ', 'Relation to the household head', 'select', {
            item: 'household.relationToHead',
            codeList: 'householdRelation',
            visibleIf: { '!=': [{ var: 'basis' }, 'owner'] },
            required: true,
          }),
        ]),
        section('members', 'Người cùng chuyển đến', 'People moving with the applicant', [
          {
            key: 'movingWith',
            labelVi: 'Thành viên cùng đăng ký',
            labelEn: 'Household members registering too',
            repeat: { min: 0, max: 10 },
            fields: [
              field('fullName', 'Họ tên', 'Full name', 'text', { required: true, max: 100 }),
              field('personalId', 'Số định danh cá nhân', 'Personal ID', 'text', {
                required: true,
                pattern: '^[0-9]{12}$',
              }),
              field('relation', 'Quan hệ với người nộp', 'Relation to the applicant', 'select', {
                codeList: 'householdRelation',
                required: true,
              }),
            ],
          },
        ]),
      ],
      blocks: [
        {
          rule: { and: [is('basis', 'rented'), { '<': [{ var: 'floorArea' }, 15] }] },
          messageVi:
            'Chỗ ở thuê, mượn tại Hà Nội cần ít nhất 15 m² sàn/người (Luật Cư trú, Điều 20; nghị quyết HĐND Thành phố).',
          messageEn:
            'Rented or borrowed accommodation in Hanoi needs at least 15 m² of floor area per person (Law on Residence Art. 20; City People’s Council resolution).',
        },
      ],
      attachments: [
        {
          key: 'accommodationProof',
          labelVi: 'Giấy tờ chứng minh chỗ ở hợp pháp',
          labelEn: 'Proof of lawful accommodation',
          required: true,
          mediaTypes: PDF_IMAGES,
          maxBytes: 10 * MB,
        },
        {
          key: 'ownerConsent',
          labelVi: 'Văn bản đồng ý của chủ hộ/chủ sở hữu',
          labelEn: 'Consent of the household head or owner',
          required: { '!=': [{ var: 'basis' }, 'owner'] },
          mediaTypes: PDF_IMAGES,
          maxBytes: 5 * MB,
        },
      ],
    },
  },
  {
    code: 'dang-ky-ho-kinh-doanh',
    nameVi: 'Đăng ký thành lập hộ kinh doanh',
    nameEn: 'Business household registration',
    agencyLevel: 'commune',
    agencyIds: [COMMUNES],
    fieldVi: 'Đăng ký kinh doanh',
    fieldEn: 'Business registration',
    legalBasis: [
      'Nghị định 01/2021/NĐ-CP về đăng ký doanh nghiệp (Chương VIII: hộ kinh doanh) / Decree 01/2021 on enterprise registration (Chapter VIII, business households)',
      'Nghị định 168/2025/NĐ-CP về đăng ký doanh nghiệp / Decree 168/2025 on enterprise registration',
      L42,
    ],
    processingDays: 3,
    feeVnd: 100_000,
    onlineLevel: 'full',
    requiredDocuments: [
      { vi: 'Giấy đề nghị đăng ký hộ kinh doanh', en: 'Application for business household registration' },
      {
        vi: 'Biên bản họp thành viên hộ gia đình (nếu các thành viên cùng thành lập)',
        en: 'Minutes of the household members’ meeting (when members found it together)',
      },
    ],
    resultType: {
      vi: 'Giấy chứng nhận đăng ký hộ kinh doanh',
      en: 'Business household registration certificate',
    },
    minimumAcr: acrValues.vneidLevel2,
    notesVi:
      'Thẩm quyền chuyển về UBND cấp xã từ 01/7/2025 (chính quyền hai cấp). Lệ phí 100.000 đồng theo biểu phí của Thành phố là giá trị gần đúng.',
    notesEn:
      'Handled by the commune People’s Committee since 1 July 2025 (two-tier local government). The 100,000 VND fee approximates the city’s schedule.',
    form: {
      sections: [
        applicant(),
        section('business', 'Hộ kinh doanh', 'The business household', [
          field('businessName', 'Tên hộ kinh doanh', 'Business name', 'text', { required: true, max: 200 }),
          field('businessAddress', 'Địa điểm kinh doanh', 'Place of business', 'address', { required: true }),
          field('lineCode', 'Mã ngành kinh doanh chính (VSIC)', 'Main business line (VSIC code)', 'text', {
            item: 'business.lineCode',
            required: true,
          }),
          field('capitalVnd', 'Vốn kinh doanh (đồng)', 'Business capital (VND)', 'number', {
            required: true,
            min: 0,
          }),
          field('employees', 'Số lao động', 'Number of employees', 'number', { required: true, min: 0 }),
          field(
            'foundedByFamily',
            'Do các thành viên hộ gia đình cùng thành lập',
            'Founded by household members',
            'checkbox',
          ),
        ]),
        section('familyMembers', 'Thành viên hộ gia đình', 'Household members', [
          {
            key: 'members',
            labelVi: 'Thành viên góp vốn',
            labelEn: 'Contributing members',
            repeat: { min: 1, max: 20 },
            visibleIf: is('foundedByFamily', true),
            fields: [
              field('fullName', 'Họ tên', 'Full name', 'text', { required: true, max: 100 }),
              field('personalId', 'Số định danh cá nhân', 'Personal ID', 'text', {
                required: true,
                pattern: '^[0-9]{12}$',
              }),
            ],
          },
        ]),
      ],
      blocks: [
        {
          rule: { '>=': [{ var: 'employees' }, 10] },
          messageVi:
            'Hộ kinh doanh sử dụng thường xuyên từ 10 lao động trở lên phải đăng ký thành lập doanh nghiệp (Nghị định 01/2021, Điều 79).',
          messageEn:
            'A business household regularly employing 10 or more workers must register as an enterprise (Decree 01/2021, Art. 79).',
        },
      ],
      attachments: [
        {
          key: 'familyMinutes',
          labelVi: 'Biên bản họp thành viên hộ gia đình',
          labelEn: 'Minutes of the household meeting',
          required: is('foundedByFamily', true),
          mediaTypes: ['application/pdf'],
          maxBytes: 5 * MB,
        },
      ],
    },
  },
  {
    code: 'cap-giay-phep-xay-dung-nha-o',
    nameVi: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    nameEn: 'Construction permit for a detached house',
    agencyLevel: 'commune',
    agencyIds: [COMMUNES],
    fieldVi: 'Xây dựng',
    fieldEn: 'Construction',
    legalBasis: [
      'Luật Xây dựng 2014, sửa đổi 2020 (Điều 89, 95, 102) / Law on Construction 2014 as amended 2020 (Art. 89, 95, 102)',
      'Nghị định 15/2021/NĐ-CP về quản lý dự án đầu tư xây dựng / Decree 15/2021 on construction investment projects',
      L42,
    ],
    processingDays: 15,
    feeVnd: 75_000,
    onlineLevel: 'partial',
    requiredDocuments: [
      { vi: 'Đơn đề nghị cấp giấy phép xây dựng', en: 'Application for a construction permit' },
      { vi: 'Giấy tờ hợp pháp về quyền sử dụng đất', en: 'Lawful land-use right document' },
      {
        vi: 'Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng)',
        en: 'Design drawings (plans, sections, elevations, foundations)',
      },
    ],
    resultType: { vi: 'Giấy phép xây dựng', en: 'Construction permit' },
    minimumAcr: acrValues.vneidLevel2,
    notesVi:
      'Thời hạn 15 ngày theo Luật Xây dựng (Điều 102). Lệ phí 75.000 đồng theo nghị quyết của HĐND Thành phố là giá trị gần đúng. Một phần: bản vẽ gốc có thể phải nộp trực tiếp.',
    notesEn:
      'Fifteen days under the Law on Construction (Art. 102). The 75,000 VND fee approximates the City People’s Council resolution. Partial: original drawings may have to be handed in.',
    form: {
      sections: [
        applicant(),
        section('site', 'Thửa đất xây dựng', 'The building plot', [
          field(
            'landCertificate',
            'Số giấy chứng nhận quyền sử dụng đất',
            'Land-use right certificate number',
            'text',
            {
              item: 'land.certificateNumber',
              required: true,
            },
          ),
          field('mapSheet', 'Số tờ bản đồ', 'Map sheet', 'number', {
            item: 'land.mapSheetNumber',
            required: true,
          }),
          field('parcel', 'Số thửa', 'Parcel', 'number', { item: 'land.parcelNumber', required: true }),
          field('plotArea', 'Diện tích thửa đất (m²)', 'Plot area (m²)', 'number', {
            item: 'land.area',
            required: true,
          }),
          field('siteAddress', 'Địa chỉ công trình', 'Site address', 'address', { required: true }),
        ]),
        section('building', 'Công trình', 'The building', [
          field('floors', 'Số tầng', 'Floors', 'number', { required: true, min: 1, max: 50 }),
          field('basement', 'Có tầng hầm', 'Has a basement', 'checkbox'),
          field('totalFloorArea', 'Tổng diện tích sàn (m²)', 'Total floor area (m²)', 'number', {
            required: true,
            min: 1,
          }),
          field('height', 'Chiều cao công trình (m)', 'Building height (m)', 'number', {
            required: true,
            min: 1,
          }),
          field('designer', 'Đơn vị/cá nhân thiết kế', 'Designer', 'text', {
            requiredIf: { '>=': [{ var: 'floors' }, 3] },
            helpVi: 'Bắt buộc với nhà từ 3 tầng hoặc có tầng hầm.',
            helpEn: 'Required for houses of 3 floors or more, or with a basement.',
          }),
        ]),
      ],
      blocks: [],
      attachments: [
        {
          key: 'landDocument',
          labelVi: 'Giấy tờ về quyền sử dụng đất',
          labelEn: 'Land-use right document',
          required: true,
          mediaTypes: PDF_IMAGES,
          maxBytes: 10 * MB,
        },
        {
          key: 'drawings',
          labelVi: 'Bản vẽ thiết kế',
          labelEn: 'Design drawings',
          required: true,
          mediaTypes: ['application/pdf'],
          maxBytes: 30 * MB,
        },
        {
          key: 'neighbourSafety',
          labelVi: 'Cam kết bảo đảm an toàn công trình liền kề',
          labelEn: 'Undertaking on the safety of adjoining buildings',
          required: { var: 'basement' },
          mediaTypes: ['application/pdf'],
          maxBytes: 5 * MB,
        },
      ],
    },
  },
  {
    code: 'tro-cap-xa-hoi-hang-thang',
    nameVi: 'Trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội',
    nameEn: 'Monthly social allowance for social protection beneficiaries',
    agencyLevel: 'commune',
    agencyIds: [COMMUNES],
    fieldVi: 'Bảo trợ xã hội',
    fieldEn: 'Social protection',
    legalBasis: [
      'Nghị định 20/2021/NĐ-CP quy định chính sách trợ giúp xã hội / Decree 20/2021 on social assistance policies',
      'Nghị định 76/2024/NĐ-CP sửa đổi Nghị định 20/2021 / Decree 76/2024 amending Decree 20/2021',
      L42,
    ],
    processingDays: 20,
    feeVnd: 0,
    onlineLevel: 'full',
    requiredDocuments: [
      {
        vi: 'Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1a–1d)',
        en: 'Social assistance application (Forms 1a–1d)',
      },
      {
        vi: 'Giấy xác nhận khuyết tật (nếu là người khuyết tật)',
        en: 'Disability certificate (for persons with disabilities)',
      },
    ],
    resultType: { vi: 'Quyết định trợ cấp xã hội hằng tháng', en: 'Decision granting the monthly allowance' },
    minimumAcr: acrValues.vneidLevel2,
    notesVi:
      'Tổng thời hạn gần đúng (xét duyệt cấp xã và quyết định). Mức chuẩn trợ giúp 500.000 đồng/tháng theo Nghị định 76/2024, Hà Nội có thể áp mức cao hơn.',
    notesEn:
      'Total time approximated (commune review and decision). The standard assistance level is 500,000 VND a month under Decree 76/2024; Hanoi may apply a higher level.',
    form: {
      sections: [
        applicant(),
        section('situation', 'Hoàn cảnh', 'Circumstances', [
          field('category', 'Nhóm đối tượng', 'Beneficiary group', 'select', {
            required: true,
            options: [
              {
                value: 'elderly',
                labelVi: 'Người cao tuổi từ 75 tuổi trở lên',
                labelEn: 'Elderly person aged 75 or over',
              },
              {
                value: 'disability',
                labelVi: 'Người khuyết tật nặng, đặc biệt nặng',
                labelEn: 'Person with a severe disability',
              },
              {
                value: 'orphan',
                labelVi: 'Trẻ em không có nguồn nuôi dưỡng',
                labelEn: 'Child without means of support',
              },
              {
                value: 'singleParent',
                labelVi: 'Người đơn thân nghèo nuôi con',
                labelEn: 'Poor single parent',
              },
            ],
          }),
          field('disabilityLevel', 'Mức độ khuyết tật', 'Disability level', 'select', {
            visibleIf: is('category', 'disability'),
            required: true,
            options: [
              { value: 'severe', labelVi: 'Nặng', labelEn: 'Severe' },
              { value: 'verySevere', labelVi: 'Đặc biệt nặng', labelEn: 'Very severe' },
            ],
          }),
          field(
            'hasPension',
            'Đang hưởng lương hưu hoặc trợ cấp BHXH hằng tháng',
            'Receives a pension or monthly social insurance benefit',
            'checkbox',
          ),
          field('bankAccount', 'Số tài khoản nhận trợ cấp', 'Bank account for payments', 'text', {
            pattern: '^[0-9]{6,20}$',
          }),
        ]),
        section('dependants', 'Con đang nuôi', 'Children being raised', [
          {
            key: 'children',
            labelVi: 'Con',
            labelEn: 'Children',
            repeat: { min: 1, max: 10 },
            visibleIf: is('category', 'singleParent'),
            fields: [
              field('fullName', 'Họ tên', 'Full name', 'text', { required: true, max: 100 }),
              field('dateOfBirth', 'Ngày sinh', 'Date of birth', 'date', { required: true }),
            ],
          },
        ]),
      ],
      blocks: [
        {
          rule: { and: [is('category', 'elderly'), { var: 'hasPension' }] },
          messageVi:
            'Người cao tuổi đang hưởng lương hưu hoặc trợ cấp BHXH hằng tháng không thuộc diện trợ cấp này.',
          messageEn:
            'Elderly people receiving a pension or a monthly social insurance benefit are not eligible.',
        },
      ],
      attachments: [
        {
          key: 'disabilityCertificate',
          labelVi: 'Giấy xác nhận khuyết tật',
          labelEn: 'Disability certificate',
          required: is('category', 'disability'),
          mediaTypes: PDF_IMAGES,
          maxBytes: 5 * MB,
        },
      ],
    },
  },
  {
    code: 'tuyen-sinh-lop-1',
    nameVi: 'Tuyển sinh trực tuyến vào lớp 1',
    nameEn: 'Online enrolment in grade 1',
    agencyLevel: 'commune',
    agencyIds: [COMMUNES],
    fieldVi: 'Giáo dục',
    fieldEn: 'Education',
    legalBasis: [
      'Luật Giáo dục 2019 / Law on Education 2019',
      'Thông tư 28/2020/TT-BGDĐT ban hành Điều lệ trường tiểu học / Circular 28/2020 on primary school regulations',
      'Kế hoạch tuyển sinh hằng năm của UBND Thành phố Hà Nội / The city’s annual enrolment plan',
      L42,
    ],
    processingDays: 10,
    feeVnd: 0,
    onlineLevel: 'full',
    requiredDocuments: [
      {
        vi: 'Không (dữ liệu lấy từ Cơ sở dữ liệu quốc gia về dân cư)',
        en: 'None (data come from the national population database)',
      },
    ],
    resultType: { vi: 'Thông báo trúng tuyển', en: 'Admission notice' },
    minimumAcr: acrValues.vneidLevel1,
    notesVi:
      'Thời hạn theo kế hoạch tuyển sinh hằng năm; 10 ngày làm việc là giá trị gần đúng. Phân tuyến theo nơi thường trú/tạm trú của trẻ.',
    notesEn:
      'Timing follows the annual enrolment plan; 10 working days is an approximation. Catchment follows the child’s permanent or temporary residence.',
    form: {
      sections: [
        applicant(),
        section('pupil', 'Học sinh', 'The pupil', [
          field('pupilFullName', 'Họ tên học sinh', "Pupil's full name", 'text', {
            required: true,
            max: 100,
          }),
          field('pupilPersonalId', 'Số định danh của học sinh', "Pupil's personal ID", 'text', {
            required: true,
            pattern: '^[0-9]{12}$',
          }),
          field('pupilDateOfBirth', 'Ngày sinh', 'Date of birth', 'date', { required: true }),
          field('school', 'Trường đăng ký', 'School applied for', 'text', { required: true, max: 200 }),
          field('outsideCatchment', 'Đăng ký trái tuyến', 'Applying outside the catchment area', 'checkbox'),
          field(
            'reason',
            'Lý do đăng ký trái tuyến',
            'Reason for applying outside the catchment',
            'textarea',
            {
              visibleIf: is('outsideCatchment', true),
              required: true,
              max: 1000,
            },
          ),
        ]),
      ],
      blocks: [],
      attachments: [],
    },
  },
  {
    code: 'cap-giay-chung-nhan-atttp',
    nameVi: 'Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm',
    nameEn: 'Certificate of food-safety compliance for a food business',
    agencyLevel: 'department',
    agencyIds: ['so-y-te'],
    fieldVi: 'An toàn thực phẩm',
    fieldEn: 'Food safety',
    legalBasis: [
      'Luật An toàn thực phẩm 2010 / Law on Food Safety 2010',
      'Nghị định 15/2018/NĐ-CP hướng dẫn Luật An toàn thực phẩm / Decree 15/2018 guiding the Law on Food Safety',
      'Thông tư 67/2021/TT-BTC về phí thẩm định cấp giấy chứng nhận / Circular 67/2021 on appraisal fees',
      L42,
    ],
    processingDays: 20,
    feeVnd: 700_000,
    onlineLevel: 'partial',
    requiredDocuments: [
      { vi: 'Đơn đề nghị cấp Giấy chứng nhận', en: 'Application for the certificate' },
      {
        vi: 'Bản thuyết minh về cơ sở vật chất, trang thiết bị',
        en: 'Description of premises and equipment',
      },
      {
        vi: 'Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất, kinh doanh',
        en: 'Health certificates of the owner and food handlers',
      },
    ],
    resultType: {
      vi: 'Giấy chứng nhận cơ sở đủ điều kiện ATTP (hiệu lực 3 năm)',
      en: 'Food-safety compliance certificate (valid 3 years)',
    },
    minimumAcr: acrValues.vneidLevel2,
    notesVi:
      'Phí thẩm định 700.000 đồng áp cho cơ sở kinh doanh dịch vụ ăn uống phục vụ dưới 200 suất ăn (Thông tư 67/2021); loại cơ sở khác có mức khác. Một phần: có bước thẩm định thực tế tại cơ sở. Thẩm quyền phân cấp giữa Sở Y tế và cấp xã được giản lược.',
    notesEn:
      'The 700,000 VND appraisal fee applies to catering for fewer than 200 meals (Circular 67/2021); other premises pay other amounts. Partial: includes an on-site appraisal. The split of competence between the Department of Health and communes is simplified.',
    form: {
      sections: [
        applicant(),
        section('premises', 'Cơ sở', 'The premises', [
          field('premisesName', 'Tên cơ sở', 'Name of the premises', 'text', { required: true, max: 200 }),
          field('premisesAddress', 'Địa chỉ cơ sở', 'Address of the premises', 'address', { required: true }),
          field(
            'enterpriseCode',
            'Mã số doanh nghiệp/hộ kinh doanh',
            'Enterprise or household business code',
            'text',
            {
              item: 'business.enterpriseCode',
            },
          ),
          field('kind', 'Loại hình', 'Kind of business', 'select', {
            required: true,
            options: [
              { value: 'catering', labelVi: 'Dịch vụ ăn uống', labelEn: 'Catering' },
              { value: 'production', labelVi: 'Sản xuất thực phẩm', labelEn: 'Food production' },
              { value: 'retail', labelVi: 'Kinh doanh thực phẩm', labelEn: 'Food retail' },
            ],
          }),
          field('mealsPerDay', 'Số suất ăn/ngày', 'Meals per day', 'number', {
            visibleIf: is('kind', 'catering'),
            required: true,
            min: 1,
          }),
          field('staffCount', 'Số người trực tiếp chế biến', 'Food handlers', 'number', {
            required: true,
            min: 1,
          }),
        ]),
      ],
      blocks: [],
      attachments: [
        {
          key: 'premisesDescription',
          labelVi: 'Bản thuyết minh cơ sở vật chất',
          labelEn: 'Description of premises',
          required: true,
          mediaTypes: ['application/pdf'],
          maxBytes: 10 * MB,
        },
        {
          key: 'healthCertificates',
          labelVi: 'Giấy xác nhận đủ sức khỏe',
          labelEn: 'Health certificates',
          required: true,
          mediaTypes: PDF_IMAGES,
          maxBytes: 10 * MB,
        },
      ],
    },
  },
  {
    code: 'dang-ky-tim-viec-lam',
    nameVi: 'Đăng ký tìm việc làm và hưởng trợ cấp thất nghiệp',
    nameEn: 'Job-seeker registration and unemployment benefit',
    agencyLevel: 'department',
    agencyIds: ['so-noi-vu'],
    fieldVi: 'Việc làm',
    fieldEn: 'Employment',
    legalBasis: [
      'Luật Việc làm 2013 (Điều 46, 49) / Law on Employment 2013 (Art. 46, 49)',
      'Nghị định 28/2015/NĐ-CP hướng dẫn về bảo hiểm thất nghiệp / Decree 28/2015 on unemployment insurance',
      L42,
    ],
    processingDays: 20,
    feeVnd: 0,
    onlineLevel: 'full',
    requiredDocuments: [
      { vi: 'Đề nghị hưởng trợ cấp thất nghiệp', en: 'Application for unemployment benefit' },
      {
        vi: 'Quyết định thôi việc hoặc hợp đồng lao động đã hết hạn',
        en: 'Termination decision or the expired labour contract',
      },
      { vi: 'Sổ bảo hiểm xã hội', en: 'Social insurance book' },
    ],
    resultType: { vi: 'Quyết định hưởng trợ cấp thất nghiệp', en: 'Decision granting unemployment benefit' },
    minimumAcr: acrValues.vneidLevel2,
    notesVi:
      'Nộp trong 3 tháng kể từ ngày chấm dứt hợp đồng; thời hạn giải quyết 20 ngày theo Luật Việc làm 2013. Trung tâm Dịch vụ việc làm Hà Nội trực thuộc Sở Nội vụ từ 01/3/2025 (gần đúng về tổ chức).',
    notesEn:
      'File within 3 months of the end of the contract; decided within 20 days under the Law on Employment 2013. The Hanoi Employment Service Centre reports to the Department of Home Affairs since 1 March 2025 (organisation approximated).',
    form: {
      sections: [
        applicant(),
        section('employment', 'Quá trình làm việc', 'Employment', [
          field('lastEmployer', 'Đơn vị sử dụng lao động cuối cùng', 'Last employer', 'text', {
            required: true,
            max: 300,
          }),
          field('contractEnd', 'Ngày chấm dứt hợp đồng', 'Contract end date', 'date', { required: true }),
          field(
            'contributionMonths',
            'Số tháng đóng bảo hiểm thất nghiệp (24 tháng gần nhất)',
            'Months of unemployment insurance contributions (last 24 months)',
            'number',
            {
              required: true,
              min: 0,
              max: 24,
            },
          ),
          field('wantsTraining', 'Có nhu cầu học nghề', 'Wants vocational training', 'checkbox'),
          field('trainingTrade', 'Nghề muốn học', 'Trade to learn', 'text', {
            visibleIf: is('wantsTraining', true),
            required: true,
          }),
        ]),
      ],
      blocks: [
        {
          rule: { '<': [{ var: 'contributionMonths' }, 12] },
          messageVi:
            'Cần đóng bảo hiểm thất nghiệp đủ 12 tháng trong 24 tháng trước khi chấm dứt hợp đồng (Luật Việc làm, Điều 49).',
          messageEn:
            'Unemployment insurance must have been paid for 12 of the 24 months before the contract ended (Law on Employment, Art. 49).',
        },
      ],
      attachments: [
        {
          key: 'termination',
          labelVi: 'Quyết định thôi việc/hợp đồng hết hạn',
          labelEn: 'Termination decision or expired contract',
          required: true,
          mediaTypes: PDF_IMAGES,
          maxBytes: 5 * MB,
        },
      ],
    },
  },
  {
    code: 'cap-nuoc-sach-sinh-hoat',
    nameVi: 'Đề nghị lắp đặt, đấu nối cấp nước sạch sinh hoạt',
    nameEn: 'Request for a domestic clean-water connection',
    agencyLevel: 'department',
    agencyIds: ['so-xay-dung'],
    fieldVi: 'Điện, nước',
    fieldEn: 'Water and electricity',
    legalBasis: [
      'Nghị định 117/2007/NĐ-CP về sản xuất, cung cấp và tiêu thụ nước sạch (sửa đổi bởi Nghị định 124/2011/NĐ-CP) / Decree 117/2007 on clean water supply (amended by Decree 124/2011)',
      L42,
    ],
    processingDays: 7,
    feeVnd: 0,
    onlineLevel: 'full',
    requiredDocuments: [
      { vi: 'Giấy đề nghị lắp đặt đồng hồ nước', en: 'Application for a water meter' },
      {
        vi: 'Giấy tờ về quyền sử dụng nhà ở hoặc hợp đồng thuê nhà',
        en: 'Proof of the right to use the house, or the lease',
      },
    ],
    resultType: {
      vi: 'Hợp đồng dịch vụ cấp nước và lịch lắp đặt',
      en: 'Water-supply contract and installation date',
    },
    minimumAcr: acrValues.vneidLevel1,
    notesVi:
      'Dịch vụ do doanh nghiệp cấp nước thực hiện; Sở Xây dựng là đầu mối quản lý nhà nước (giản lược). Chi phí vật tư đấu nối thu theo thực tế, không phải lệ phí; thời hạn 7 ngày là gần đúng.',
    notesEn:
      'Provided by the water company; the Department of Construction is the supervising authority (simplified). Connection materials are charged at cost, not as a fee; 7 days is an approximation.',
    form: {
      sections: [
        applicant(),
        section('connection', 'Điểm đấu nối', 'Connection point', [
          field('installAddress', 'Địa chỉ lắp đặt', 'Installation address', 'address', { required: true }),
          field('tenure', 'Quyền sử dụng nhà', 'Right to use the house', 'select', {
            required: true,
            options: [
              { value: 'owner', labelVi: 'Chủ sở hữu', labelEn: 'Owner' },
              { value: 'tenant', labelVi: 'Người thuê', labelEn: 'Tenant' },
            ],
          }),
          // Pre-filled (locked) from an issued result that carries it, e.g. a building permit.
          field(
            'landCertificate',
            'Số Giấy chứng nhận quyền sử dụng đất của nhà (nếu có)',
            'Land-use right certificate number of the house (if any)',
            'text',
            { item: 'land.certificateNumber' },
          ),
          field('householdSize', 'Số nhân khẩu sử dụng', 'People in the household', 'number', {
            required: true,
            min: 1,
            max: 50,
          }),
        ]),
      ],
      blocks: [],
      attachments: [
        {
          key: 'houseProof',
          labelVi: 'Giấy tờ về nhà hoặc hợp đồng thuê',
          labelEn: 'House document or lease',
          required: true,
          mediaTypes: PDF_IMAGES,
          maxBytes: 5 * MB,
        },
        {
          key: 'ownerConsent',
          labelVi: 'Văn bản đồng ý của chủ nhà',
          labelEn: "Owner's consent",
          required: is('tenure', 'tenant'),
          mediaTypes: PDF_IMAGES,
          maxBytes: 5 * MB,
        },
      ],
    },
  },
];
