import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError, Bilingual } from '../../../platform/errors.ts';
import { problemBody, toAppError } from '../../../platform/http/problem.ts';

/**
 * NGSI-LD errors (ETSI GS CIM 009, 5.5.2 and 6.3.2): ProblemDetails whose `type` is one of the ETSI
 * error URIs, with the title and detail in Vietnamese and English like every platform error.
 */
export const ETSI_ERRORS = 'https://uri.etsi.org/ngsi-ld/errors/';

const catalogue = {
  InvalidRequest: { status: 400, title: { vi: 'Yêu cầu không hợp lệ', en: 'Invalid request' } },
  BadRequestData: { status: 400, title: { vi: 'Dữ liệu yêu cầu không hợp lệ', en: 'Bad request data' } },
  ResourceNotFound: { status: 404, title: { vi: 'Không tìm thấy tài nguyên', en: 'Resource not found' } },
  AlreadyExists: { status: 409, title: { vi: 'Tài nguyên đã tồn tại', en: 'Already exists' } },
  OperationNotSupported: {
    status: 422,
    title: { vi: 'Thao tác không được hỗ trợ', en: 'Operation not supported' },
  },
  TooManyResults: { status: 403, title: { vi: 'Quá nhiều kết quả', en: 'Too many results' } },
  TooComplexQuery: { status: 403, title: { vi: 'Truy vấn quá phức tạp', en: 'Too complex query' } },
  LdContextNotAvailable: {
    status: 503,
    title: { vi: 'Không tải được @context JSON-LD', en: 'JSON-LD @context not available' },
  },
  InternalError: { status: 500, title: { vi: 'Lỗi hệ thống', en: 'Internal error' } },
} as const satisfies Record<string, { status: number; title: Bilingual }>;

export type NgsiErrorType = keyof typeof catalogue;

export class NgsiError extends Error {
  readonly status: number;
  readonly title: Bilingual;
  constructor(
    readonly errorType: NgsiErrorType,
    readonly detail: Bilingual,
    options: { status?: number } = {},
  ) {
    super(detail.en);
    this.name = 'NgsiError';
    this.status = options.status ?? catalogue[errorType].status;
    this.title = catalogue[errorType].title;
  }
}

export const badRequestData = (detail: Bilingual) => new NgsiError('BadRequestData', detail);
export const entityNotFound = (id: string) =>
  new NgsiError('ResourceNotFound', {
    vi: `Không có thực thể ${id}.`,
    en: `Entity ${id} does not exist.`,
  });
export const attributeNotFound = (id: string, attr: string) =>
  new NgsiError('ResourceNotFound', {
    vi: `Thực thể ${id} không có thuộc tính ${attr}.`,
    en: `Entity ${id} has no attribute ${attr}.`,
  });
export const alreadyExists = (id: string) =>
  new NgsiError('AlreadyExists', { vi: `Thực thể ${id} đã tồn tại.`, en: `Entity ${id} already exists.` });
export const notSupported = (detail: Bilingual) => new NgsiError('OperationNotSupported', detail);

/** The JSON of an ETSI ProblemDetails (also used per entity inside batch 207 answers). */
export type NgsiProblem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  vi: { title: string; detail: string };
  en: { title: string; detail: string };
  [key: string]: unknown;
};

function language(request: FastifyRequest | null): 'vi' | 'en' {
  const header = request?.headers['accept-language'];
  return typeof header === 'string' && header.trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export function problemOf(error: NgsiError, request: FastifyRequest | null): NgsiProblem {
  const lang = language(request);
  return {
    type: `${ETSI_ERRORS}${error.errorType}`,
    title: error.title[lang],
    status: error.status,
    detail: error.detail[lang],
    ...(request ? { instance: request.url.split('?')[0], requestId: String(request.id) } : {}),
    vi: { title: error.title.vi, detail: error.detail.vi },
    en: { title: error.title.en, detail: error.detail.en },
  };
}

/** Platform error codes with an ETSI counterpart; the rest (sign-in, roles, CSRF) keep the platform's. */
const etsiOfPlatform: Partial<Record<string, NgsiErrorType>> = {
  validation_failed: 'BadRequestData',
  malformed_request: 'InvalidRequest',
  not_found: 'ResourceNotFound',
  conflict: 'AlreadyExists',
  method_not_allowed: 'OperationNotSupported',
  not_acceptable: 'InvalidRequest',
  unsupported_media_type: 'InvalidRequest',
  uri_too_long: 'InvalidRequest',
  payload_too_large: 'InvalidRequest',
  internal_error: 'InternalError',
};

/**
 * Sends JSON with exactly the media type given: FIWARE clients (ngsijs) compare Content-Type with
 * `application/json` literally, and Fastify would append `; charset=utf-8` to a serialized object.
 */
export function sendJson(
  reply: FastifyReply,
  type: 'application/json' | 'application/ld+json',
  body: unknown,
) {
  return reply.type(type).send(Buffer.from(JSON.stringify(body)));
}

/** Error handler of the NGSI-LD scope: ETSI ProblemDetails, platform problem+json where ETSI has none. */
export function sendNgsiProblem(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof NgsiError) {
    return sendJson(reply.code(error.status), 'application/json', problemOf(error, request));
  }
  const sqlState = (error as { code?: unknown } | null)?.code;
  // A pattern JavaScript accepts but PostgreSQL's regex engine does not (2201B), or a stored value
  // a q comparison cannot read (other data exceptions, class 22): the query's fault, not a 500.
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    const refused = badRequestData({
      vi: 'Không thực hiện được truy vấn với biểu thức này (idPattern hoặc q).',
      en: 'The query could not be run with this expression (idPattern or q).',
    });
    return sendJson(reply.code(refused.status), 'application/json', problemOf(refused, request));
  }
  const appError: AppError = toAppError(error, request);
  if (appError.status >= 500) request.log.error({ err: error }, 'NGSI-LD request failed');
  const etsi = etsiOfPlatform[appError.code];
  if (!etsi) {
    for (const [name, value] of Object.entries(appError.extra.headers ?? {})) reply.header(name, value);
    return reply
      .code(appError.status)
      .type('application/problem+json; charset=utf-8')
      .send(problemBody(appError, request));
  }
  const mapped = new NgsiError(etsi, appError.detail, { status: appError.status });
  return sendJson(reply.code(mapped.status), 'application/json', {
    ...problemOf(mapped, request),
    code: appError.code,
  });
}
