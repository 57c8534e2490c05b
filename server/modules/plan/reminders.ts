import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { systemActor } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Notifier } from '../../platform/notify.ts';
import { dateLabel, periodLabel } from '../../platform/period.ts';
import type { CyclesStore } from './cycles.store.ts';
import type { PlanStore } from './plan.store.ts';

/**
 * Reminders to agencies that have not submitted: once in the three days before the due date,
 * then every day after it while the report is still a draft or returned. Each goes to the
 * agency's reporters, in the app and by e-mail when their address is known (the platform's
 * notifier sends it by SMTP, or keeps it in the local outbox in embedded mode).
 */
export const REMINDER_JOB = 'plan.reminders';
const DAYS_BEFORE = 3;

export type Reporter = { id: string; fullName: string; email: string | null };

const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function createReminders(deps: {
  plans: PlanStore;
  cycles: CyclesStore;
  notify: Notifier;
  audit: AuditLog;
  clock: Clock;
  /** The officials holding `agency_reporter` at the agency itself. */
  reportersOf: (agencyId: string) => Promise<Reporter[]>;
  agencyName: (agencyId: string) => Promise<{ nameVi: string; nameEn: string } | null>;
}) {
  const { plans, cycles, notify, audit, clock } = deps;
  const actor = systemActor(`job:${REMINDER_JOB}`);

  return async function sendReminders(): Promise<{ sent: number; agencies: string[] }> {
    const today = clock.today();
    let sent = 0;
    const reminded: string[] = [];
    for (const cycle of await cycles.openCycles()) {
      const kind =
        today > cycle.due_on ? 'overdue' : today >= addDays(cycle.due_on, -DAYS_BEFORE) ? 'before_due' : null;
      if (!kind) continue;
      // The before-due reminder goes once per cycle; the overdue one once a day.
      const onDate = kind === 'before_due' ? addDays(cycle.due_on, -DAYS_BEFORE) : today;
      const plan = await plans.plan(cycle.plan_id);
      const pending = (await cycles.submissions([cycle.id])).filter(
        (s) => s.state === 'draft' || s.state === 'returned',
      );
      for (const submission of pending) {
        const [reporters, name] = await Promise.all([
          deps.reportersOf(submission.agency_id),
          deps.agencyName(submission.agency_id),
        ]);
        const agency = name ?? { nameVi: submission.agency_id, nameEn: submission.agency_id };
        // The web app's worklist of the agency for the cycle (web/src/plan/routes.ts).
        const link = `/console/bao-cao/${cycle.id}/${submission.agency_id}`;
        const periodName = periodLabel(cycle.period);
        const due = dateLabel(cycle.due_on);
        const subject =
          kind === 'before_due'
            ? {
                vi: `Sắp đến hạn báo cáo ${periodName.vi} (hạn ${due.vi})`,
                en: `Report for ${periodName.en} due soon (${due.en})`,
              }
            : {
                vi: `Quá hạn báo cáo ${periodName.vi} (hạn ${due.vi})`,
                en: `Report for ${periodName.en} overdue (due ${due.en})`,
              };
        const body =
          kind === 'before_due'
            ? {
                vi: `${agency.nameVi} chưa nộp báo cáo ${periodName.vi} của ${plan?.code ?? 'kế hoạch'}. Hạn nộp: ${due.vi}.`,
                en: `${agency.nameEn} has not yet submitted its ${periodName.en} report for ${plan?.code ?? 'the plan'}. Due: ${due.en}.`,
              }
            : {
                vi: `${agency.nameVi} chưa nộp báo cáo ${periodName.vi} của ${plan?.code ?? 'kế hoạch'}; hạn nộp ${due.vi} đã qua. Báo cáo nộp bây giờ sẽ được ghi nhận là nộp muộn.`,
                en: `${agency.nameEn} has not submitted its ${periodName.en} report for ${plan?.code ?? 'the plan'}; it was due on ${due.en}. A report submitted now is flagged late.`,
              };
        const delivered = await cycles.db.transaction().execute(async (trx) => {
          const claimed = await cycles.claimReminder(trx, {
            cycle_id: cycle.id,
            agency_id: submission.agency_id,
            kind,
            on_date: onDate,
            recipients: reporters.length,
          });
          if (!claimed) return null;
          for (const reporter of reporters) {
            await notify.send(trx as unknown as Kysely<unknown>, {
              recipient: { kind: 'official', id: reporter.id, email: reporter.email },
              subject,
              body,
              link,
              topic: 'plan.reminder',
            });
          }
          await audit.record(trx, {
            actor,
            agencyId: submission.agency_id,
            action: 'plan.reminder.send',
            objectType: 'plan.submission',
            objectId: `${cycle.id}/${submission.agency_id}`,
            details: { kind, period: cycle.period, dueOn: cycle.due_on, recipients: reporters.length },
          });
          return reporters.length;
        });
        if (delivered === null) continue;
        reminded.push(submission.agency_id);
        sent += delivered;
      }
    }
    return { sent, agencies: [...new Set(reminded)] };
  };
}
