import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { locales } from 'zod';
import {
  AppError,
  type Bilingual,
  type ProblemCode,
  type ProblemField,
  problemCatalogue,
} from '../errors.ts';

/** Turns any error into an RFC 9457 problem+json response with Vietnamese and English text. */
export const PROBLEM_TYPE_BASE = '/api/problems/';

const viLocale = locales.vi().localeError;
const enLocale = locales.en().localeError;

type ZodLikeIssue = { code: string; message?: string; path?: PropertyKey[]; [key: string]: unknown };

/** Bilingual message for one Zod issue. Custom refinements write `vi / en` in their message. */
export function issueMessage(issue: ZodLikeIssue): Bilingual {
  if (issue.code === 'custom' && typeof issue.message === 'string') {
    const [vi, en] = issue.message.split(' / ');
    return { vi: vi ?? issue.message, en: en ?? issue.message };
  }
  const asIssue = issue as unknown as Parameters<typeof viLocale>[0];
  const pick = (result: unknown) =>
    typeof result === 'string' ? result : (result as { message?: string })?.message;
  return {
    vi: pick(viLocale(asIssue)) ?? 'Giá trị không hợp lệ',
    en: pick(enLocale(asIssue)) ?? 'Invalid value',
  };
}

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ProblemCode;
  requestId: string;
  vi: { title: string; detail: string };
  en: { title: string; detail: string };
  errors?: { path: string; vi: string; en: string }[];
  [key: string]: unknown;
};

function preferredLanguage(request: FastifyRequest): 'vi' | 'en' {
  const header = request.headers['accept-language'];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return 'vi';
  const first = value.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

export function problemBody(error: AppError, request: FastifyRequest): ProblemBody {
  const lang = preferredLanguage(request);
  const { fields, headers: _headers, ...extensions } = error.extra;
  const body: ProblemBody = {
    ...extensions,
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: error.title[lang],
    status: error.status,
    detail: error.detail[lang],
    instance: request.url.split('?')[0] ?? '/',
    code: error.code,
    requestId: String(request.id),
    vi: { title: error.title.vi, detail: error.detail.vi },
    en: { title: error.title.en, detail: error.detail.en },
  };
  if (fields?.length) {
    body.errors = fields.map((field: ProblemField) => ({
      path: field.path,
      vi: field.message.vi,
      en: field.message.en,
    }));
  }
  return body;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError) {
  for (const [name, value] of Object.entries(error.extra.headers ?? {})) reply.header(name, value);
  // Also for failures before the request hooks ran (router errors): the id the body names.
  reply.header('x-request-id', String(request.id));
  return reply
    .code(error.status)
    .type('application/problem+json; charset=utf-8')
    .send(problemBody(error, request));
}

const fastifyCodeMap: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_TYPE: 'malformed_request',
  FST_ERR_BAD_URL: 'malformed_request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  FST_ERR_ASYNC_CONSTRAINT: 'malformed_request',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_NOT_FOUND: 'not_found',
};

const fastifyDetailVi: Partial<Record<ProblemCode, string>> = {
  payload_too_large: 'Dữ liệu gửi lên vượt quá giới hạn cho phép.',
  uri_too_long: 'Địa chỉ yêu cầu quá dài.',
  unsupported_media_type: 'Kiểu nội dung gửi lên không được hỗ trợ.',
};

/** Normalise anything thrown into an AppError; unknown errors become a logged 500 with no internals leaked. */
export function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    return new AppError(
      'validation_failed',
      { vi: 'Một số trường dữ liệu không hợp lệ.', en: 'Some fields are invalid.' },
      {
        fields: error.validation.map((issue) => ({
          path: `${where}${issue.instancePath.replaceAll('/', '.')}`.replace(/\.$/, ''),
          message: issueMessage({ code: issue.keyword, message: issue.message, ...issue.params }),
        })),
      },
    );
  }
  const fastifyError = error as FastifyError;
  if (fastifyError && typeof fastifyError === 'object' && !isResponseSerializationError(fastifyError)) {
    const mapped = fastifyError.code ? fastifyCodeMap[fastifyError.code] : undefined;
    if (mapped) {
      return new AppError(mapped, {
        vi: fastifyDetailVi[mapped] ?? 'Yêu cầu không đúng định dạng.',
        en: fastifyError.message,
      });
    }
    if (fastifyError.statusCode === 429) {
      return new AppError('too_many_requests', {
        vi: 'Bạn đã gửi quá nhiều yêu cầu, vui lòng thử lại sau.',
        en: 'Too many requests, please try again later.',
      });
    }
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      const byStatus = Object.entries(problemCatalogue).find(
        ([, def]) => def.status === fastifyError.statusCode,
      );
      const code = (byStatus?.[0] as ProblemCode | undefined) ?? 'malformed_request';
      return new AppError(code, { vi: problemCatalogue[code].title.vi, en: fastifyError.message });
    }
  }
  request.log.error({ err: error }, 'unhandled error');
  return new AppError('internal_error', {
    vi: 'Đã có lỗi hệ thống. Vui lòng thử lại sau; mã yêu cầu giúp bộ phận hỗ trợ tra cứu.',
    en: 'Something went wrong on our side. Please try again later; the request id helps support find it.',
  });
}
