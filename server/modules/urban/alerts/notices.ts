import type { Kysely, Transaction } from 'kysely';
import type { Bilingual } from '../../../platform/errors.ts';
import type { Notifier } from '../../../platform/notify.ts';
import type { OrgService } from '../../org/index.ts';

type Person = { id: string; email: string | null };

/**
 * Telling an agency: its officials holding `ioc_operator` or `agency_admin` at the agency itself
 * (the people who take an incident on), each once, in the app and by e-mail when known, as plan
 * reminders do. Recipients are looked up before the transaction (PGlite has one connection: a
 * query outside the open transaction would wait for it), then notified inside it.
 */
export function createAgencyNotices(deps: { org: OrgService; notify: Notifier }) {
  return {
    async recipients(agencyId: string): Promise<Person[]> {
      const [operators, admins] = await Promise.all([
        deps.org.officialsWithRole(agencyId, 'ioc_operator'),
        deps.org.officialsWithRole(agencyId, 'agency_admin'),
      ]);
      return [...new Map([...operators, ...admins].map((person) => [person.id, person])).values()];
    },
    async send(
      // biome-ignore lint/suspicious/noExplicitAny: any module's transaction.
      trx: Transaction<any>,
      people: Person[],
      message: { subject: Bilingual; body: Bilingual; topic: string },
    ): Promise<number> {
      for (const person of people) {
        await deps.notify.send(trx as unknown as Kysely<unknown>, {
          recipient: { kind: 'official', id: person.id, email: person.email },
          subject: message.subject,
          body: message.body,
          link: null,
          topic: message.topic,
        });
      }
      return people.length;
    },
  };
}

export type AgencyNotices = ReturnType<typeof createAgencyNotices>;
