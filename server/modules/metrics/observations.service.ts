import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AuditLog } from '../../platform/audit/audit.ts';
import type { Actor, Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import type { FileStore, UploadPolicy } from '../../platform/files.ts';
import {
  AGENCY_ID,
  draftScope,
  INDICATOR_CODE,
  isLocked,
  lockedError,
  mayMove,
  mayRead,
  mayReport,
  validFigures,
  validPeriod,
} from './metrics.rules.ts';
import type { MetricsStore, MetricsTrx } from './metrics.store.ts';
import {
  type EvidenceRef,
  type MetricsService,
  observationStatuses,
  type Provenance,
} from './metrics.types.ts';
import { toEvidence, toIndicator, toObservation, withEvidence } from './metrics.views.ts';

/** Evidence: documents, images, spreadsheets; at most 10 MB each, 20 per observation. */
export const evidencePolicy: UploadPolicy = {
  kinds: ['pdf', 'png', 'jpeg', 'xlsx', 'docx', 'csv'],
  maxBytes: 10 * 1024 * 1024,
};
const MAX_EVIDENCE = 20;
const MAX_COMMENT = 2000;
const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 5000;

type Deps = {
  store: MetricsStore;
  audit: AuditLog;
  clock: Clock;
  files: FileStore;
  /** Is the agency in the register? Without it, agency ids are checked by form only. */
  unitExists?: (unitId: string) => Promise<boolean>;
};

const observationNotFound = () => notFound({ vi: 'số liệu này', en: 'This observation' });

/** Who recorded a value: the person for manual and imported values, the system's name for loads. */
function provenanceFor(actor: Actor, given: Provenance | undefined, at: string): Provenance {
  if (given?.kind === 'computed') {
    throw new AppError('unprocessable', {
      vi: 'Giá trị tính tự động chỉ do nền tảng ghi khi tính lại.',
      en: 'Computed values are written by the platform when it recomputes, only.',
    });
  }
  if (actor.system) return given ?? { kind: 'seed', note: actor.system, at };
  const principal = actor.principal;
  if (principal.kind !== 'official') throw forbidden();
  const by = { accountId: principal.accountId, name: principal.fullName };
  if (given?.kind === 'imported') {
    if (!given.filename || !given.sheet || !Number.isInteger(given.row) || given.row < 1)
      throw validationFailed([
        {
          path: 'provenance',
          message: { vi: 'thiếu tệp, trang tính hoặc dòng', en: 'file, sheet or row missing' },
        },
      ]);
    return { ...given, by, at };
  }
  if (given?.kind === 'seed')
    throw forbidden({ vi: 'Chỉ hệ thống được nạp dữ liệu mẫu.', en: 'Only the system loads seed data.' });
  return { kind: 'manual', by, at };
}

function cleanComment(comment: string | null | undefined): string | null {
  const text = comment?.normalize('NFC').trim() ?? '';
  if (text.length > MAX_COMMENT)
    throw validationFailed([
      {
        path: 'comment',
        message: { vi: `tối đa ${MAX_COMMENT} ký tự`, en: `up to ${MAX_COMMENT} characters` },
      },
    ]);
  return text === '' ? null : text;
}

export function createObservationsService(deps: Deps) {
  const { store, audit, clock, files } = deps;

  async function assertAgency(agencyId: string, checkRegister: boolean) {
    if (!AGENCY_ID.test(agencyId))
      throw validationFailed([
        { path: 'agencyId', message: { vi: 'mã đơn vị không hợp lệ', en: 'not a unit id' } },
      ]);
    if (checkRegister && deps.unitExists && !(await deps.unitExists(agencyId)))
      throw notFound({ vi: `đơn vị ${agencyId}`, en: `Unit ${agencyId}` });
  }

  function assertMayReport(actor: Actor, agencyId: string) {
    if (actor.system || mayReport(actor.principal, agencyId)) return;
    throw forbidden({
      vi: `Chỉ cán bộ báo cáo của đơn vị ${agencyId} hoặc chủ trì kế hoạch được nhập số liệu cho đơn vị này.`,
      en: `Only reporters of unit ${agencyId} or plan owners may enter values for it.`,
    });
  }

  const saveObservation: MetricsService['saveObservation'] = async (actor, input, outerTrx) => {
    if (!INDICATOR_CODE.test(input.indicatorCode))
      throw notFound({ vi: `chỉ tiêu ${input.indicatorCode}`, en: `Indicator ${input.indicatorCode}` });
    assertMayReport(actor, input.agencyId);
    // The register is read outside any transaction (PGlite has one connection); a caller that
    // passes its transaction has checked the agency itself.
    await assertAgency(input.agencyId, !outerTrx);
    const comment = cleanComment(input.comment);

    const save = async (trx: MetricsTrx) => {
      const row = await store.indicator(input.indicatorCode, trx);
      if (!row)
        throw notFound({ vi: `chỉ tiêu ${input.indicatorCode}`, en: `Indicator ${input.indicatorCode}` });
      const indicator = toIndicator(row);
      if (indicator.computedSource && !actor.system) {
        throw new AppError('unprocessable', {
          vi: `Chỉ tiêu ${indicator.code} do nền tảng tự đo từ dữ liệu của mình (nguồn ${indicator.computedSource}); không nhập tay.`,
          en: `Indicator ${indicator.code} is measured by the platform from its own data (source ${indicator.computedSource}); it is not entered by hand.`,
        });
      }
      const period = validPeriod(indicator, input.period, clock.today());
      const figures = validFigures(indicator, input);
      const now = clock.now();
      const provenance = provenanceFor(actor, input.provenance, now.toISOString());

      const key = { code: indicator.code, period: period.id, agencyId: input.agencyId };
      await store.lockKey(trx, `metrics:${key.code}:${key.period}:${key.agencyId}`);
      const before = await store.observationForUpdate(trx, key);
      if (before && isLocked(before.status)) throw lockedError(before.status);
      const saved = await store.saveObservation(trx, {
        id: before?.id ?? randomUUID(),
        indicator_code: key.code,
        period: key.period,
        agency_id: key.agencyId,
        ...figures,
        status: 'draft',
        comment,
        provenance,
        example: input.example ?? false,
        demo: input.demo ?? false,
        updated_at: now,
      });
      const after = toObservation(saved, []);
      await audit.record(trx, {
        actor,
        agencyId: key.agencyId,
        action: 'metrics.observation.save',
        objectType: 'metrics.observation',
        objectId: saved.id,
        before: before ? toObservation(before, []) : null,
        after,
        details: {
          indicator: key.code,
          period: key.period,
          provenance: provenance.kind,
          ...(before?.status === 'returned' ? { from: 'returned' } : {}),
        },
      });
      return withEvidence([saved], (ids) => store.evidenceOf(ids, trx)).then((list) => list[0]!);
    };
    return outerTrx ? save(outerTrx as MetricsTrx) : store.db.transaction().execute(save);
  };

  const setStatus: MetricsService['setStatus'] = async (trx, actor, match, to, reason) => {
    if (!observationStatuses.includes(to))
      throw validationFailed([
        { path: 'status', message: { vi: 'trạng thái không hợp lệ', en: 'not a status' } },
      ]);
    if (match.indicatorCodes.length === 0) return 0;
    const metricsTrx = trx as MetricsTrx;
    const rows = await store.observationsForUpdate(metricsTrx, {
      agencyId: match.agencyId,
      period: match.period,
      codes: match.indicatorCodes,
    });
    // Values the platform measures are approved as they are computed; submissions do not move them.
    const moving = rows.filter((row) => row.provenance.kind !== 'computed' && row.status !== to);
    const refused = moving.filter((row) => !mayMove(row.status, to, Boolean(actor.system)));
    if (refused.length > 0) {
      const [first] = refused;
      if (first && to === 'submitted' && isLocked(first.status)) throw lockedError(first.status);
      throw new AppError('conflict', {
        vi: `Không thể chuyển số liệu ${refused.map((r) => r.indicator_code).join(', ')} từ "${first!.status}" sang "${to}".`,
        en: `Cannot move ${refused.map((r) => r.indicator_code).join(', ')} from "${first!.status}" to "${to}".`,
      });
    }
    if (moving.length === 0) return 0;
    await store.setStatus(
      metricsTrx,
      moving.map((row) => row.id),
      to,
      clock.now(),
    );
    for (const row of moving) {
      await audit.record(metricsTrx, {
        actor,
        agencyId: row.agency_id,
        action: 'metrics.observation.status',
        objectType: 'metrics.observation',
        objectId: row.id,
        before: { status: row.status },
        after: { status: to },
        details: {
          indicator: row.indicator_code,
          period: row.period,
          from: row.status,
          to,
          ...(reason ? { reason } : {}),
        },
      });
    }
    return moving.length;
  };

  const observations: MetricsService['observations'] = async (viewer, filter) => {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw validationFailed([
        { path: 'limit', message: { vi: `từ 1 đến ${MAX_LIMIT}`, en: `between 1 and ${MAX_LIMIT}` } },
      ]);
    const lists = [filter.indicatorCodes, filter.agencyIds, filter.periods, filter.statuses];
    if (lists.some((list) => list?.length === 0)) return [];
    const rows = await store.listObservations({ ...filter, scope: draftScope(viewer), limit });
    return withEvidence(rows, (ids) => store.evidenceOf(ids));
  };

  async function attachEvidence(
    actor: Actor,
    observationId: string,
    file: { filename: string; bytes: Buffer; description?: string | null },
  ): Promise<EvidenceRef> {
    if (!/^[0-9a-f-]{36}$/.test(observationId)) throw observationNotFound();
    const description = cleanComment(file.description);
    return store.db.transaction().execute(async (trx) => {
      const observation = await store.observationById(observationId, trx);
      if (!observation) throw observationNotFound();
      const visible = { status: observation.status, agencyId: observation.agency_id };
      if (!actor.system && !mayRead(actor.principal, visible)) throw observationNotFound();
      assertMayReport(actor, observation.agency_id);
      await store.lockKey(
        trx,
        `metrics:${observation.indicator_code}:${observation.period}:${observation.agency_id}`,
      );
      const current = (await store.observationById(observationId, trx))!;
      if (isLocked(current.status)) throw lockedError(current.status);
      if ((await store.evidenceOf([observationId], trx)).length >= MAX_EVIDENCE) {
        throw new AppError('unprocessable', {
          vi: `Mỗi số liệu có tối đa ${MAX_EVIDENCE} tệp minh chứng.`,
          en: `An observation has at most ${MAX_EVIDENCE} evidence files.`,
        });
      }
      const stored = await files.save(trx as unknown as Transaction<unknown>, {
        filename: file.filename,
        bytes: file.bytes,
        purpose: 'metrics.evidence',
        policy: evidencePolicy,
        actor,
      });
      const principal = actor.principal;
      const row = {
        id: randomUUID(),
        observation_id: observationId,
        file_id: stored.id,
        filename: stored.filename,
        media_type: stored.mediaType,
        size_bytes: stored.sizeBytes,
        description,
        uploaded_at: clock.now(),
        uploaded_by: actor.system ?? (principal.kind === 'anonymous' ? null : principal.accountId),
      };
      await store.insertEvidence(trx, row);
      await audit.record(trx, {
        actor,
        agencyId: observation.agency_id,
        action: 'metrics.evidence.attach',
        objectType: 'metrics.observation',
        objectId: observationId,
        after: { evidenceId: row.id, sha256: stored.sha256 },
        details: { filename: stored.filename, mediaType: stored.mediaType, sizeBytes: stored.sizeBytes },
      });
      return toEvidence(row);
    });
  }

  async function evidenceContent(viewer: Principal, evidenceId: string) {
    if (!/^[0-9a-f-]{36}$/.test(evidenceId)) return null;
    const evidence = await store.evidence(evidenceId);
    if (!evidence) return null;
    const observation = await store.observationById(evidence.observation_id);
    if (!observation || !mayRead(viewer, { status: observation.status, agencyId: observation.agency_id }))
      return null;
    const file = await files.content(evidence.file_id);
    if (!file) return null;
    return { filename: evidence.filename, mediaType: evidence.media_type, content: file.content };
  }

  return { saveObservation, setStatus, observations, attachEvidence, evidenceContent };
}
