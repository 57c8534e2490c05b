import { z } from 'zod';

/** The problem+json shape every error response has (RFC 9457), for the OpenAPI document. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    requestId: z.string(),
    vi: z.object({ title: z.string(), detail: z.string() }),
    en: z.object({ title: z.string(), detail: z.string() }),
    errors: z.array(z.object({ path: z.string(), vi: z.string(), en: z.string() })).optional(),
  })
  .passthrough()
  .describe('RFC 9457 problem details, Vietnamese and English');

/** Error responses every route may give, documented once. */
export const problemResponses = {
  '4xx': problemSchema,
  '5xx': problemSchema,
} as const;
