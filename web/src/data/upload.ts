import { ApiError, CSRF_HEADER, currentCsrfToken, type Problem } from '../lib/api.ts';
import type { ValidationReport } from './types.ts';

/**
 * Sends a multipart upload with XMLHttpRequest, which (unlike fetch) reports how many bytes have
 * gone out, so the console can show the upload's progress. Same CSRF header and problem+json
 * errors as `lib/api.ts`. The text fields go before the file: the server reads them first.
 */
export type UploadProgress = { loaded: number; total: number };

export function sendUpload<T>(input: {
  method: 'POST' | 'PUT';
  path: string;
  fields: Record<string, string | undefined>;
  file: File;
  onProgress?: (progress: UploadProgress) => void;
  /** Called once every byte has been sent: the server is now checking and loading the file. */
  onSent?: () => void;
  signal?: AbortSignal;
}): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(input.fields)) {
    if (value !== undefined && value !== '') form.append(name, value);
  }
  form.append('file', input.file, input.file.name);
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(input.method, input.path);
    request.setRequestHeader('accept', 'application/json');
    const token = currentCsrfToken();
    if (token) request.setRequestHeader(CSRF_HEADER, token);
    request.withCredentials = true;
    request.responseType = 'text';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) input.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    request.upload.onload = () => input.onSent?.();
    request.onerror = () => reject(new TypeError('network error'));
    request.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    request.onload = () => {
      let body: unknown = null;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(body as T);
        return;
      }
      const problem =
        body && typeof body === 'object' && 'vi' in body && 'en' in body ? (body as Problem) : null;
      reject(new ApiError(request.status, problem));
    };
    input.signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(form);
  });
}

/** The validation report a refused upload carries in its problem (422), if any. */
export function reportOf(error: unknown): ValidationReport | null {
  if (!(error instanceof ApiError) || !error.problem) return null;
  const report = (error.problem as Problem & { report?: unknown }).report;
  if (!report || typeof report !== 'object' || !Array.isArray((report as ValidationReport).issues))
    return null;
  return report as ValidationReport;
}
