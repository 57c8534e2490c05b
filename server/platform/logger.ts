import type { LoggerOptions } from 'pino';

/**
 * Structured logs (pino). Secrets and personal data are redacted wherever they could appear:
 * credentials, cookies, tokens, TOTP codes and personal identification numbers.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.totp',
  '*.code_verifier',
  '*.client_secret',
  '*.personalId',
  '*.personal_id',
  '*.token',
  '*.secret',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // Query strings can carry codes and tokens (OIDC callbacks): log the path only.
      req: (request: { method: string; url: string; id: string; ip?: string }) => ({
        method: request.method,
        path: request.url.split('?')[0],
        ip: request.ip,
      }),
    },
  };
}
