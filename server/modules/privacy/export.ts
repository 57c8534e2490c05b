import type { Actor } from '../../platform/auth/principal.ts';
import type { PlatformContext } from '../../platform/module.ts';
import type { DeletionRequestView } from './deletion.ts';
import type { Citizen, PrivacyDeps } from './ports.ts';

// biome-ignore lint/suspicious/noExplicitAny: any function's answer.
type Awaited2<F extends (...args: any[]) => unknown> = Awaited<ReturnType<F>>;

/**
 * Everything the platform holds about the signed-in citizen, one section per module, in the shape
 * documented in docs/personal-data.md ("Định dạng tệp xuất / Export format"). `format` and
 * `version` name the shape; a change of shape is a new version.
 */
export type PersonalDataExport = {
  format: 'hanoi-smartcity/personal-data-export';
  version: 1;
  generatedAt: string;
  subject: { accountId: string; personalId: string; fullName: string };
  identity: Awaited2<PrivacyDeps['identity']['exportFor']>;
  population: {
    simulated: true;
    note: { vi: string; en: string };
    resident: Awaited2<PrivacyDeps['population']['findByPersonalId']>;
  };
  exchange: {
    consents: Awaited2<PrivacyDeps['exchange']['myConsents']>;
    dataUsage: Awaited2<PrivacyDeps['exchange']['myDataUsage']>;
  };
  services: Awaited2<PrivacyDeps['services']['personalData']['exportFor']>;
  notifications: {
    id: string;
    topic: string;
    subject: { vi: string; en: string };
    body: { vi: string; en: string };
    link: string | null;
    createdAt: string;
    readAt: string | null;
  }[];
  privacy: { deletionRequests: DeletionRequestView[] };
};

/** Far above what one person accumulates: the inbox and the usage log are read whole. */
const NOTIFICATIONS_LIMIT = 10_000;
const USAGE_LIMIT = 10_000;

export async function buildExport(
  context: PlatformContext,
  deps: PrivacyDeps,
  actor: Actor,
  citizen: Citizen,
  deletionRequests: DeletionRequestView[],
): Promise<PersonalDataExport> {
  const [identity, resident, consents, dataUsage, services, inbox] = await Promise.all([
    deps.identity.exportFor(citizen.accountId),
    deps.population.findByPersonalId(citizen.personalId),
    deps.exchange.myConsents(actor),
    deps.exchange.myDataUsage(actor, USAGE_LIMIT),
    deps.services.personalData.exportFor(citizen.personalId),
    context.notify.inbox({ kind: 'citizen', id: citizen.accountId }, { limit: NOTIFICATIONS_LIMIT }),
  ]);
  return {
    format: 'hanoi-smartcity/personal-data-export',
    version: 1,
    generatedAt: context.clock.now().toISOString(),
    subject: { accountId: citizen.accountId, personalId: citizen.personalId, fullName: citizen.fullName },
    identity,
    population: {
      simulated: true,
      note: {
        vi: 'Bản ghi của Cơ sở dữ liệu quốc gia về dân cư (mô phỏng trong môi trường này). Nền tảng chỉ đọc, không lưu giữ và không xoá; việc điều chỉnh thông tin do cơ quan Công an thực hiện.',
        en: 'Your record in the national population database (simulated here). The platform only reads it, neither keeps nor deletes it; corrections are made by the police.',
      },
      resident,
    },
    exchange: { consents, dataUsage },
    services,
    notifications: inbox.map((row) => ({
      id: row.id,
      topic: row.topic,
      subject: { vi: row.subject_vi, en: row.subject_en },
      body: { vi: row.body_vi, en: row.body_en },
      link: row.link,
      createdAt: new Date(row.created_at).toISOString(),
      readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
    })),
    privacy: { deletionRequests },
  };
}
