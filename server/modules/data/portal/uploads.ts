import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, validationFailed } from '../../../platform/errors.ts';
import { issueMessage } from '../../../platform/http/problem.ts';
import type { TableSchema } from './datastore.contract.ts';
import { tableSchemaInput, uploadFields } from './portal.schema.ts';
import { MAX_UPLOAD_BYTES, type UploadInput } from './resources.service.ts';

/**
 * Reads a multipart upload as a stream (never whole in memory): the file part and the text fields
 * sent before it (`name`, `description`, `licenseId`, `schema` as Table Schema JSON). The caller
 * hands `source` to the resources service.
 */
export async function streamedUpload(
  request: FastifyRequest,
  allowedFields: (keyof typeof uploadFields.shape)[] = ['name', 'description', 'licenseId', 'schema'],
): Promise<{ input: UploadInput; file: MultipartFile }> {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', {
      vi: 'Hãy gửi tệp dưới dạng multipart/form-data.',
      en: 'Send the file as multipart/form-data.',
    });
  let file: MultipartFile | undefined;
  try {
    file = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1, fields: 10 } });
  } catch (error) {
    throw new AppError('malformed_request', {
      vi: 'Không đọc được dữ liệu multipart.',
      en: `The multipart body could not be read: ${(error as Error).message}`,
    });
  }
  if (!file) throw new AppError('validation_failed', { vi: 'Chưa chọn tệp.', en: 'No file was sent.' });
  const raw: Record<string, string> = {};
  for (const [name, field] of Object.entries(file.fields)) {
    const value = Array.isArray(field) ? field[0] : field;
    if (value && value.type === 'field' && typeof value.value === 'string' && name !== file.fieldname)
      raw[name] = value.value;
  }
  const parsed = uploadFields
    .pick(Object.fromEntries(allowedFields.map((f) => [f, true])) as never)
    .safeParse(raw);
  if (!parsed.success) {
    file.file.resume();
    throw validationFailed(
      parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issueMessage(issue as unknown as Parameters<typeof issueMessage>[0]),
      })),
    );
  }
  const fields = parsed.data as { name?: string; description?: string; licenseId?: string; schema?: string };
  let schema: TableSchema | null = null;
  if (fields.schema) {
    let json: unknown;
    try {
      json = JSON.parse(fields.schema);
    } catch {
      file.file.resume();
      throw validationFailed([
        { path: 'schema', message: { vi: 'Lược đồ không phải JSON.', en: 'The schema is not JSON.' } },
      ]);
    }
    const checked = tableSchemaInput.safeParse(json);
    if (!checked.success) {
      file.file.resume();
      throw validationFailed(
        checked.error.issues.map((issue) => ({
          path: `schema.${issue.path.join('.')}`,
          message: issueMessage(issue as unknown as Parameters<typeof issueMessage>[0]),
        })),
      );
    }
    schema = checked.data;
  }
  return {
    file,
    input: {
      filename: file.filename,
      source: file.file,
      ...(fields.name ? { name: fields.name } : {}),
      ...(fields.description ? { description: fields.description } : {}),
      ...(fields.licenseId ? { licenseId: fields.licenseId } : {}),
      schema,
    },
  };
}
