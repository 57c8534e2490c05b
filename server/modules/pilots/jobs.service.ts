import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/principal.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import {
  containsPattern,
  fold,
  iso,
  type PilotDeps,
  REGISTRY_ROLES,
  requireAgency,
  requireScope,
  requireWard,
} from './common.ts';

/**
 * Employment pilot: job vacancies posted by the employment service (or a ward), by ward and skill,
 * with closing dates. Job seekers register through the catalogue's `dang-ky-tim-viec-lam`.
 */
export const skills = {
  it: { vi: 'Công nghệ thông tin', en: 'Information technology' },
  sales: { vi: 'Bán hàng, chăm sóc khách hàng', en: 'Sales and customer care' },
  hospitality: { vi: 'Nhà hàng, khách sạn', en: 'Hospitality' },
  construction: { vi: 'Xây dựng', en: 'Construction' },
  garment: { vi: 'Dệt may, da giày', en: 'Garment and footwear' },
  manufacturing: { vi: 'Sản xuất, lắp ráp', en: 'Manufacturing and assembly' },
  driving: { vi: 'Lái xe, giao hàng', en: 'Driving and delivery' },
  accounting: { vi: 'Kế toán, văn phòng', en: 'Accounting and office' },
  healthcare: { vi: 'Y tế, chăm sóc', en: 'Healthcare and care' },
  security: { vi: 'Bảo vệ, vệ sinh', en: 'Security and cleaning' },
} as const;
export type Skill = keyof typeof skills;
export const skillCodes = Object.keys(skills) as [Skill, ...Skill[]];
export const JOBSEEKER_PROCEDURE = {
  code: 'dang-ky-tim-viec-lam',
  name: { vi: 'Đăng ký tìm việc làm', en: 'Register as a job seeker' },
  url: '/dich-vu-cong/dang-ky-tim-viec-lam',
};

type VacancyRow = {
  id: string;
  title: string;
  employer: string;
  skill: Skill;
  description: string;
  unit_id: string;
  agency_id: string;
  openings: number;
  salary_min: number | null;
  salary_max: number | null;
  closes_on: string;
  withdrawn_at: Date | null;
  demo: boolean;
  created_at: Date;
};

export type VacancyInput = {
  title: string;
  employer: string;
  skill: Skill;
  description: string;
  unitId: string;
  agencyId?: string;
  openings: number;
  salaryMin?: number;
  salaryMax?: number;
  closesOn: string;
};

function toVacancy(row: VacancyRow, today: string) {
  return {
    id: row.id,
    title: row.title,
    employer: row.employer,
    skill: row.skill,
    skillName: skills[row.skill],
    description: row.description,
    unitId: row.unit_id,
    agencyId: row.agency_id,
    openings: row.openings,
    salaryMin: row.salary_min,
    salaryMax: row.salary_max,
    closesOn: row.closes_on,
    open: row.withdrawn_at === null && row.closes_on >= today,
    withdrawnAt: iso(row.withdrawn_at),
    demo: row.demo,
    postedAt: iso(row.created_at),
  };
}

export function createJobsService(deps: PilotDeps) {
  const { db, audit, clock, org } = deps;

  async function vacancyRow(id: string) {
    const { rows } = await sql<VacancyRow>`select * from pilots.vacancies where id = ${id}`.execute(db);
    if (!rows[0]) throw notFound({ vi: `tin tuyển dụng ${id}`, en: `Vacancy ${id}` });
    return rows[0];
  }

  const service = {
    skills: () => skillCodes.map((code) => ({ code, name: skills[code] })),

    /** Open vacancies (closing today or later, not withdrawn) unless `includeClosed`. */
    async search(query: {
      unitId?: string;
      skill?: Skill;
      q?: string;
      includeClosed?: boolean;
      limit: number;
      offset: number;
    }) {
      const today = clock.today();
      const where = [sql`true`];
      if (!query.includeClosed) where.push(sql`withdrawn_at is null and closes_on >= ${today}`);
      if (query.unitId) where.push(sql`unit_id = ${query.unitId}`);
      if (query.skill) where.push(sql`skill = ${query.skill}`);
      if (query.q) where.push(sql`search like ${containsPattern(query.q)}`);
      const condition = sql.join(where, sql` and `);
      const [{ rows }, total] = await Promise.all([
        sql<VacancyRow>`select * from pilots.vacancies where ${condition}
          order by closes_on, title, id limit ${query.limit} offset ${query.offset}`.execute(db),
        sql<{ n: number }>`select count(*)::int as n from pilots.vacancies where ${condition}`.execute(db),
      ]);
      return {
        total: total.rows[0]?.n ?? 0,
        items: rows.map((row) => toVacancy(row, today)),
        jobSeekerProcedure: JOBSEEKER_PROCEDURE,
      };
    },

    async vacancy(id: string) {
      return toVacancy(await vacancyRow(id), clock.today());
    },

    async create(actor: Actor, input: VacancyInput) {
      const agencyId = input.agencyId ?? input.unitId;
      requireScope(actor, REGISTRY_ROLES, { agencyId, unitId: input.unitId });
      const today = clock.today();
      await requireWard(org, input.unitId, today);
      await requireAgency(org, agencyId, today);
      if (input.closesOn < today)
        throw new AppError('unprocessable', {
          vi: 'Hạn nộp hồ sơ đã qua.',
          en: 'The closing date has passed.',
        });
      if (input.salaryMin !== undefined && input.salaryMax !== undefined && input.salaryMax < input.salaryMin)
        throw new AppError('unprocessable', {
          vi: 'Mức lương tối đa nhỏ hơn mức tối thiểu.',
          en: 'The maximum salary is below the minimum.',
        });
      const id = randomUUID();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await sql`insert into pilots.vacancies (id, title, employer, skill, description, unit_id, agency_id, openings,
            salary_min, salary_max, closes_on, search, demo, created_at, modified_at)
          values (${id}, ${input.title}, ${input.employer}, ${input.skill}, ${input.description}, ${input.unitId},
            ${agencyId}, ${input.openings}, ${input.salaryMin ?? null}, ${input.salaryMax ?? null}, ${input.closesOn},
            ${fold(`${input.title} ${input.employer} ${input.description}`)}, false, ${now}, ${now})`.execute(
          trx,
        );
        await audit.record(trx, {
          actor,
          agencyId,
          action: 'pilots.vacancy.create',
          objectType: 'pilots.vacancy',
          objectId: id,
          after: input,
        });
      });
      return service.vacancy(id);
    },

    async withdraw(actor: Actor, id: string) {
      const row = await vacancyRow(id);
      requireScope(actor, REGISTRY_ROLES, { agencyId: row.agency_id, unitId: row.unit_id });
      if (row.withdrawn_at)
        throw conflict({ vi: 'Tin tuyển dụng đã được rút.', en: 'The vacancy is already withdrawn.' });
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await sql`update pilots.vacancies set withdrawn_at = ${now}, modified_at = ${now} where id = ${id}`.execute(
          trx,
        );
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          action: 'pilots.vacancy.withdraw',
          objectType: 'pilots.vacancy',
          objectId: id,
          before: { withdrawn: false },
          after: { withdrawn: true },
        });
      });
      return service.vacancy(id);
    },

    /** Open-data aggregate: open vacancies and openings per ward and skill (today). */
    async aggregate() {
      const today = clock.today();
      const { rows } = await sql<{
        unit_id: string;
        skill: string;
        vacancies: number;
        openings: number;
        demo: boolean;
      }>`
        select unit_id, skill, count(*)::int as vacancies, sum(openings)::int as openings, bool_or(demo) as demo
        from pilots.vacancies where withdrawn_at is null and closes_on >= ${today}
        group by unit_id, skill order by unit_id, skill`.execute(db);
      return rows;
    },
  };
  return service;
}

export type JobsService = ReturnType<typeof createJobsService>;
