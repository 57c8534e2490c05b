import { randomBytes } from 'node:crypto';
import type { AdapterPayload } from 'oidc-provider';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Actor, requireRole } from '../../platform/auth/principal.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { issueMessage } from '../../platform/http/problem.ts';
import { foldVietnamese } from '../../platform/text.ts';
import type { ClientRow, ClientStore } from './clients.store.ts';
import { type ClientView, type NewClientInput, newClientInput } from './identity.schema.ts';
import type { SecretBox } from './sealed.ts';

/** Client metadata as oidc-provider reads it (snake_case, per OpenID Connect Dynamic Client Registration). */
export type ClientMetadata = {
  client_name: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: 'client_secret_basic' | 'none';
  application_type: 'web';
};

export function clientMetadata(input: NewClientInput): ClientMetadata {
  return {
    client_name: input.name,
    redirect_uris: input.redirectUris,
    post_logout_redirect_uris: input.postLogoutRedirectUris ?? [],
    ...(input.backchannelLogoutUri
      ? { backchannel_logout_uri: input.backchannelLogoutUri, backchannel_logout_session_required: true }
      : {}),
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: input.public ? 'none' : 'client_secret_basic',
    application_type: 'web',
  };
}

const newClientSecret = () => randomBytes(32).toString('base64url');

function clientIdFor(name: string): string {
  const slug = foldVietnamese(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'client'}-${randomBytes(4).toString('hex')}`;
}

function view(row: ClientRow): ClientView {
  const metadata = (
    typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata
  ) as ClientMetadata;
  return {
    clientId: row.client_id,
    name: row.name,
    redirectUris: metadata.redirect_uris,
    postLogoutRedirectUris: metadata.post_logout_redirect_uris ?? [],
    backchannelLogoutUri: metadata.backchannel_logout_uri ?? null,
    public: metadata.token_endpoint_auth_method === 'none',
    builtIn: row.built_in,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Relying parties of the city's provider. The city administrator registers and removes them
 * (API or CLI); the platform's own portal is built in. Secrets are shown once and kept sealed.
 */
export function createClientService(deps: {
  store: ClientStore;
  audit: AuditLog;
  box: SecretBox;
  /** oidc-provider's own validation of the metadata, so that a stored client always loads. */
  validate: (metadata: ClientMetadata & { client_id: string; client_secret?: string }) => Promise<void>;
  /** Removes the grants, codes and tokens issued to a client. */
  revokeArtefacts: (clientId: string) => Promise<void>;
}) {
  const { store, audit, box } = deps;

  const mayManage = (actor: Actor) => {
    if (!actor.system) requireRole(actor.principal, 'city_admin');
  };

  async function validated(metadata: ClientMetadata & { client_id: string; client_secret?: string }) {
    try {
      await deps.validate(metadata);
    } catch (error) {
      const message = (error as { error_description?: string }).error_description ?? (error as Error).message;
      throw new AppError('validation_failed', {
        vi: `Thông tin ứng dụng không hợp lệ: ${message}`,
        en: `Invalid client metadata: ${message}`,
      });
    }
  }

  return {
    async list(actor: Actor): Promise<ClientView[]> {
      mayManage(actor);
      return (await store.list()).map(view);
    },

    async register(actor: Actor, raw: NewClientInput): Promise<{ clientId: string; clientSecret?: string }> {
      mayManage(actor);
      // The CLI reaches here without the HTTP layer's validation.
      const parsed = newClientInput.safeParse(raw);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issueMessage(issue as unknown as Parameters<typeof issueMessage>[0]),
        }));
        // Named in the detail too, for the command line, which shows only the detail.
        throw validationFailed(fields, {
          vi: `Dữ liệu không hợp lệ: ${fields.map((f) => `${f.path}: ${f.message.vi}`).join('; ')}`,
          en: `Invalid input: ${fields.map((f) => `${f.path}: ${f.message.en}`).join('; ')}`,
        });
      }
      const input = parsed.data;
      const clientId = clientIdFor(input.name);
      const metadata = clientMetadata(input);
      const clientSecret = input.public ? undefined : newClientSecret();
      await validated({
        ...metadata,
        client_id: clientId,
        ...(clientSecret ? { client_secret: clientSecret } : {}),
      });
      const sealed = clientSecret ? await box.seal(clientSecret) : null;
      await store.db.transaction().execute(async (trx) => {
        await store.insert(trx, {
          client_id: clientId,
          name: input.name,
          metadata,
          secret_sealed: sealed,
          built_in: false,
          created_by: actor.system ?? (actor.principal.kind === 'official' ? actor.principal.username : null),
        });
        await audit.record(trx, {
          actor,
          action: 'identity.client.create',
          objectType: 'identity.client',
          objectId: clientId,
          before: null,
          after: { clientId, ...metadata },
          details: { name: input.name, public: Boolean(input.public), redirectUris: input.redirectUris },
        });
      });
      return { clientId, ...(clientSecret ? { clientSecret } : {}) };
    },

    async remove(actor: Actor, clientId: string): Promise<void> {
      mayManage(actor);
      const row = await store.find(clientId);
      if (!row) throw notFound({ vi: `ứng dụng ${clientId}`, en: `Client ${clientId}` });
      if (row.built_in) {
        throw new AppError('unprocessable', {
          vi: 'Không thể xóa ứng dụng có sẵn của nền tảng.',
          en: "The platform's built-in clients cannot be removed.",
        });
      }
      await store.db.transaction().execute(async (trx) => {
        await store.delete(trx, clientId);
        await audit.record(trx, {
          actor,
          action: 'identity.client.delete',
          objectType: 'identity.client',
          objectId: clientId,
          before: view(row),
          after: null,
          details: { name: row.name },
        });
      });
      await deps.revokeArtefacts(clientId);
    },

    /** Registers (or refreshes, when the public URL changed) a client the platform itself runs. */
    async ensureBuiltIn(clientId: string, metadata: ClientMetadata, secret: string): Promise<void> {
      await validated({ ...metadata, client_id: clientId, client_secret: secret });
      await store.upsertBuiltIn({
        client_id: clientId,
        name: metadata.client_name,
        metadata,
        secret_sealed: await box.seal(secret),
        built_in: true,
        created_by: 'system:start-up',
      });
    },

    /** What oidc-provider's adapter returns for the `Client` model. */
    async providerMetadata(clientId: string): Promise<AdapterPayload | undefined> {
      const row = await store.find(clientId);
      if (!row) return undefined;
      const metadata = (
        typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata
      ) as ClientMetadata;
      return {
        ...metadata,
        client_id: row.client_id,
        ...(row.secret_sealed ? { client_secret: await box.open(row.secret_sealed) } : {}),
      } as AdapterPayload;
    },
  };
}

export type ClientService = ReturnType<typeof createClientService>;
