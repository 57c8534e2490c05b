/**
 * One error type for the whole platform. Each error has a stable string `code`, an HTTP status
 * and a message in Vietnamese and English; the HTTP layer turns it into RFC 9457 problem+json.
 */
export type Bilingual = { vi: string; en: string };

export type ProblemField = { path: string; message: Bilingual };

type ProblemDefinition = { status: number; title: Bilingual };

/** Every problem code the platform can answer with. `/api/problems` lists them. */
export const problemCatalogue = {
  validation_failed: { status: 400, title: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' } },
  malformed_request: { status: 400, title: { vi: 'Yêu cầu sai định dạng', en: 'Malformed request' } },
  unauthenticated: { status: 401, title: { vi: 'Cần đăng nhập', en: 'Sign-in required' } },
  forbidden: { status: 403, title: { vi: 'Không có quyền', en: 'Not allowed' } },
  csrf_failed: {
    status: 403,
    title: { vi: 'Thiếu mã chống giả mạo yêu cầu', en: 'Missing or invalid CSRF token' },
  },
  not_found: { status: 404, title: { vi: 'Không tìm thấy', en: 'Not found' } },
  method_not_allowed: {
    status: 405,
    title: { vi: 'Phương thức không được hỗ trợ', en: 'Method not allowed' },
  },
  not_acceptable: {
    status: 406,
    title: { vi: 'Định dạng phản hồi không được hỗ trợ', en: 'Not acceptable' },
  },
  conflict: { status: 409, title: { vi: 'Xung đột dữ liệu', en: 'Conflict' } },
  uri_too_long: { status: 414, title: { vi: 'Địa chỉ yêu cầu quá dài', en: 'URI too long' } },
  payload_too_large: { status: 413, title: { vi: 'Dữ liệu gửi lên quá lớn', en: 'Payload too large' } },
  unsupported_media_type: {
    status: 415,
    title: { vi: 'Kiểu nội dung không được hỗ trợ', en: 'Unsupported media type' },
  },
  unprocessable: { status: 422, title: { vi: 'Không thể xử lý yêu cầu', en: 'Unprocessable request' } },
  too_many_requests: { status: 429, title: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' } },
  internal_error: { status: 500, title: { vi: 'Lỗi hệ thống', en: 'Internal error' } },
  not_ready: { status: 503, title: { vi: 'Hệ thống chưa sẵn sàng', en: 'Service not ready' } },
} as const satisfies Record<string, ProblemDefinition>;

export type ProblemCode = keyof typeof problemCatalogue;

export class AppError extends Error {
  readonly status: number;
  readonly title: Bilingual;

  constructor(
    readonly code: ProblemCode,
    readonly detail: Bilingual,
    readonly extra: {
      fields?: ProblemField[];
      headers?: Record<string, string>;
      [key: string]: unknown;
    } = {},
  ) {
    super(detail.en);
    this.name = 'AppError';
    this.status = problemCatalogue[code].status;
    this.title = problemCatalogue[code].title;
  }
}

// Short constructors for the common cases.
export const notFound = (what: Bilingual) =>
  new AppError('not_found', { vi: `Không tìm thấy ${what.vi}.`, en: `${what.en} not found.` });

export const forbidden = (
  detail: Bilingual = {
    vi: 'Bạn không có quyền thực hiện thao tác này.',
    en: 'You are not allowed to do this.',
  },
) => new AppError('forbidden', detail);

export const unauthenticated = () =>
  new AppError('unauthenticated', {
    vi: 'Vui lòng đăng nhập để tiếp tục.',
    en: 'Please sign in to continue.',
  });

export const validationFailed = (fields: ProblemField[], detail?: Bilingual) =>
  new AppError(
    'validation_failed',
    detail ?? { vi: 'Một số trường dữ liệu không hợp lệ.', en: 'Some fields are invalid.' },
    { fields },
  );

export const conflict = (detail: Bilingual) => new AppError('conflict', detail);
