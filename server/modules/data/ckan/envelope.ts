import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ProblemCode } from '../../../platform/errors.ts';
import { toAppError } from '../../../platform/http/problem.ts';

/**
 * CKAN's response envelope (`{ help, success, result }`) and its errors, as CKAN's own action view
 * answers them: `Validation Error` 409 with field errors, `Authorization Error` 403, `Not Found
 * Error` 404, `Search Query Error` 400, and `Bad Request` 400 for request data CKAN cannot read.
 */
export type CkanErrorType =
  | 'Validation Error'
  | 'Authorization Error'
  | 'Not Found Error'
  | 'Search Query Error'
  | 'Bad Request'
  | 'Internal Server Error';

const statusOf: Record<CkanErrorType, number> = {
  'Validation Error': 409,
  'Authorization Error': 403,
  'Not Found Error': 404,
  'Search Query Error': 400,
  'Bad Request': 400,
  'Internal Server Error': 500,
};

/** An error an action raises in CKAN's terms; `fields` are CKAN's field errors (`{ name: ['…'] }`). */
export class CkanError extends Error {
  constructor(
    readonly type: CkanErrorType,
    message: string,
    readonly fields: Record<string, string[] | unknown> = {},
    readonly status = statusOf[type],
  ) {
    super(message);
  }
}

export const validationError = (fields: Record<string, string[]>, message = 'Validation Error') =>
  new CkanError('Validation Error', message, fields);
export const badRequest = (message: string) => new CkanError('Bad Request', `Bad request - ${message}`);
export const searchQueryError = (message: string) =>
  new CkanError('Search Query Error', `Search Query is invalid: ${message}`);

export const helpUrl = (publicUrl: string, action: string) =>
  `${publicUrl}/api/3/action/help_show?name=${encodeURIComponent(action)}`;

const fromAppCode: Partial<Record<ProblemCode, CkanErrorType>> = {
  validation_failed: 'Validation Error',
  conflict: 'Validation Error',
  unprocessable: 'Validation Error',
  unauthenticated: 'Authorization Error',
  forbidden: 'Authorization Error',
  csrf_failed: 'Authorization Error',
  not_found: 'Not Found Error',
  malformed_request: 'Bad Request',
  unsupported_media_type: 'Bad Request',
  payload_too_large: 'Bad Request',
  uri_too_long: 'Bad Request',
  method_not_allowed: 'Bad Request',
  not_acceptable: 'Bad Request',
};

/** Anything thrown while serving an action, as a CKAN error (bilingual detail in `message_vi`). */
export function toCkanError(error: unknown, request: FastifyRequest): CkanError {
  if (error instanceof CkanError) return error;
  const appError = error instanceof AppError ? error : toAppError(error, request);
  const type =
    fromAppCode[appError.code] ?? (appError.status >= 500 ? 'Internal Server Error' : 'Bad Request');
  const prefix =
    type === 'Authorization Error' ? 'Access denied: ' : type === 'Not Found Error' ? 'Not found: ' : '';
  const fields: Record<string, unknown> = { message_vi: appError.detail.vi };
  for (const field of appError.extra.fields ?? []) {
    const key = field.path.replace(/^body\.?|^querystring\.?/, '') || 'data';
    fields[key] = [...((fields[key] as string[] | undefined) ?? []), field.message.en];
  }
  if (appError.extra.report) fields.report = appError.extra.report;
  // HTTP statuses CKAN has no word for keep their own code (413 too large, 429 too many).
  const status = ['payload_too_large', 'too_many_requests', 'uri_too_long'].includes(appError.code)
    ? appError.status
    : statusOf[type];
  return new CkanError(type, `${prefix}${appError.detail.en}`, fields, status);
}

export function sendCkanError(reply: FastifyReply, publicUrl: string, action: string, error: CkanError) {
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send({
      help: helpUrl(publicUrl, action),
      success: false,
      error: { ...error.fields, __type: error.type, message: error.message },
    });
}

export function sendCkanResult(reply: FastifyReply, publicUrl: string, action: string, result: unknown) {
  return reply
    .code(200)
    .type('application/json; charset=utf-8')
    .send({ help: helpUrl(publicUrl, action), success: true, result });
}
