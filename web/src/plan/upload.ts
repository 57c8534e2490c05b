import { ApiError, CSRF_HEADER, currentCsrfToken, type Problem } from '../lib/api.ts';

/**
 * Sends one file as multipart/form-data (evidence). `lib/api.ts` speaks JSON only; this is its
 * counterpart for uploads, with the same CSRF header and problem+json errors.
 */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = currentCsrfToken();
  if (token) headers[CSRF_HEADER] = token;
  const response = await fetch(path, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  if (!response.ok) {
    let problem: Problem | null = null;
    try {
      const body = (await response.json()) as Partial<Problem>;
      problem = body?.vi && body.en ? (body as Problem) : null;
    } catch {
      problem = null;
    }
    throw new ApiError(response.status, problem);
  }
  return (await response.json()) as T;
}
