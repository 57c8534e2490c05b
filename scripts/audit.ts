import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

/**
 * `npm run audit`: `npm audit --json` for the production dependencies (moderate and above fail) and
 * for all of them (dev-only advisories fail from high), compared with the reviewed allow-list
 * `audit-allowlist.json`. Exit 0: nothing unreviewed. Exit 1: an advisory not allowed, or an allow-list
 * entry past its review date or malformed. Exit 3: the audit could not run (registry unreachable or
 * answering an error) — not a pass, and CI says so loudly (`.ci/run`).
 */
export const EXIT = { ok: 0, findings: 1, couldNotRun: 3 } as const;

const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
type Severity = (typeof SEVERITIES)[number];
const rank = (severity: string) => SEVERITIES.indexOf(severity as Severity);

const allowListSchema = z.object({
  entries: z.array(
    z.object({
      /** The advisory: its GHSA id (preferred) or npm's numeric advisory id. */
      id: z.string().regex(/^(GHSA(-[23456789cfghjmpqrvwx]{4}){3}|\d+)$/, 'GHSA-xxxx-xxxx-xxxx or a number'),
      package: z.string().min(1),
      reason: z.string().min(20, 'say why it does not affect the platform (≥ 20 characters)'),
      reviewer: z.string().min(2),
      reviewBy: z.iso.date(),
    }),
  ),
});
export type AllowList = z.infer<typeof allowListSchema>;
type AllowEntry = AllowList['entries'][number];

export type Advisory = {
  id: string;
  source: string;
  package: string;
  severity: Severity;
  title: string;
  url: string;
  scope: 'production' | 'dev';
};

/** What one `npm audit --json` answered: a report, or why there is none. */
export type AuditRun = { ok: true; advisories: Omit<Advisory, 'scope'>[] } | { ok: false; reason: string };

/** Reads `npm audit --json` output (report version 2); anything else means the audit did not run. */
export function parseAuditOutput(stdout: string): AuditRun {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return { ok: false, reason: `npm audit printed no JSON report: ${stdout.slice(0, 200) || '(nothing)'}` };
  }
  const report = json as {
    auditReportVersion?: number;
    vulnerabilities?: Record<string, { via?: unknown[] }>;
    message?: string;
    statusCode?: number;
    error?: { summary?: string; detail?: string };
  };
  if (report.auditReportVersion !== 2 || typeof report.vulnerabilities !== 'object') {
    const why =
      report.message ??
      report.error?.summary ??
      `unexpected report (auditReportVersion ${report.auditReportVersion})`;
    return { ok: false, reason: why };
  }
  const advisories = new Map<string, Omit<Advisory, 'scope'>>();
  for (const vulnerability of Object.values(report.vulnerabilities)) {
    // A string in `via` names the dependency that carries the advisory: it is listed there too.
    for (const via of vulnerability.via ?? []) {
      if (typeof via !== 'object' || via === null) continue;
      const item = via as { source?: number; name?: string; title?: string; url?: string; severity?: string };
      const ghsa = item.url?.match(/GHSA(-[a-z0-9]{4}){3}/i)?.[0];
      const source = String(item.source ?? '');
      const advisory = {
        id: ghsa ?? source,
        source,
        package: item.name ?? '?',
        severity: (rank(item.severity ?? '') >= 0 ? item.severity : 'critical') as Severity,
        title: item.title ?? '',
        url: item.url ?? '',
      };
      advisories.set(`${advisory.id} ${advisory.package}`, advisory);
    }
  }
  return { ok: true, advisories: [...advisories.values()] };
}

export type Verdict = {
  /** Not allowed, at or above the failing severity of their scope. */
  failing: Advisory[];
  /** Not allowed, below the failing severity: shown, not failing. */
  notices: Advisory[];
  allowed: { advisory: Advisory; entry: AllowEntry }[];
  /** Entries whose review date has passed: they fail until reviewed again. */
  expired: AllowEntry[];
  /** Entries matching no advisory today: candidates for removal. */
  unused: AllowEntry[];
};

export const FAIL_FROM = { production: 'moderate', dev: 'high' } as const;

/**
 * Compares the advisories with the allow-list on `today` (YYYY-MM-DD). An entry allows an advisory
 * when both the id (GHSA or numeric) and the package match and its review date has not passed.
 */
export function evaluate(advisories: Advisory[], allowList: AllowList, today: string): Verdict {
  const expired = allowList.entries.filter((entry) => entry.reviewBy < today);
  const verdict: Verdict = { failing: [], notices: [], allowed: [], expired, unused: [] };
  const used = new Set<AllowEntry>();
  for (const advisory of advisories) {
    const entry = allowList.entries.find(
      (candidate) =>
        candidate.package === advisory.package &&
        [advisory.id.toUpperCase(), advisory.source].includes(candidate.id.toUpperCase()),
    );
    if (entry) used.add(entry);
    if (entry && !expired.includes(entry)) verdict.allowed.push({ advisory, entry });
    else if (rank(advisory.severity) >= rank(FAIL_FROM[advisory.scope])) verdict.failing.push(advisory);
    else verdict.notices.push(advisory);
  }
  verdict.unused = allowList.entries.filter((entry) => !used.has(entry));
  return verdict;
}

export function parseAllowList(text: string): AllowList {
  const parsed = allowListSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(
      `audit-allowlist.json không hợp lệ / is invalid:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
    );
  return parsed.data;
}

/** The production run's advisories, then the dev-only ones (in the full run, not in the production one). */
export function mergeScopes(production: AuditRun & { ok: true }, all: AuditRun & { ok: true }): Advisory[] {
  const key = (advisory: { id: string; package: string }) => `${advisory.id} ${advisory.package}`;
  const inProduction = new Set(production.advisories.map(key));
  return [
    ...production.advisories.map((advisory) => ({ ...advisory, scope: 'production' as const })),
    ...all.advisories
      .filter((advisory) => !inProduction.has(key(advisory)))
      .map((advisory) => ({ ...advisory, scope: 'dev' as const })),
  ];
}

const describeAdvisory = (advisory: Advisory) =>
  `${advisory.severity.padEnd(8)} ${advisory.package} ${advisory.id} (${advisory.scope}) ${advisory.title} ${advisory.url}`;

/** The report printed for a verdict, and the exit code. */
export function report(verdict: Verdict): { lines: string[]; code: number } {
  const lines: string[] = [];
  for (const { advisory, entry } of verdict.allowed)
    lines.push(
      `cho phép / allowed: ${describeAdvisory(advisory)} — ${entry.reviewer}, review by ${entry.reviewBy}`,
    );
  for (const advisory of verdict.notices) lines.push(`lưu ý / notice: ${describeAdvisory(advisory)}`);
  for (const entry of verdict.unused)
    lines.push(
      `không còn dùng / unused allow-list entry: ${entry.id} ${entry.package} (xoá được / may be removed)`,
    );
  for (const entry of verdict.expired)
    lines.push(
      `HẾT HẠN RÀ SOÁT / REVIEW EXPIRED: ${entry.id} ${entry.package} (review by ${entry.reviewBy}, ${entry.reviewer})`,
    );
  for (const advisory of verdict.failing)
    lines.push(`CHƯA RÀ SOÁT / NOT ALLOWED: ${describeAdvisory(advisory)}`);
  const failed = verdict.failing.length > 0 || verdict.expired.length > 0;
  lines.push(
    failed
      ? `npm audit: THẤT BẠI / FAILED — ${verdict.failing.length} advisory(ies) not allowed, ${verdict.expired.length} expired entry(ies). Update the dependency or review it in audit-allowlist.json.`
      : `npm audit: đạt / passed — ${verdict.allowed.length} allowed, ${verdict.notices.length} below the failing severity.`,
  );
  return { lines, code: failed ? EXIT.findings : EXIT.ok };
}

/** The message when the audit could not run: never a pass. */
export function couldNotRun(reason: string): string {
  return [
    'npm audit: KHÔNG CHẠY ĐƯỢC — chưa kiểm tra lỗ hổng của các gói phụ thuộc.',
    `npm audit: could NOT run — the dependencies were NOT checked for advisories.`,
    `Lý do / reason: ${reason}`,
  ].join('\n');
}

function npmAudit(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve) => {
    // npm exits 1 both for findings and for errors: the JSON on stdout tells which.
    execFile(
      'npm',
      ['audit', '--json', ...args],
      { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (_error, stdout) => resolve(String(stdout ?? '')),
    );
  });
}

async function main(): Promise<number> {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  let allowList: AllowList;
  try {
    allowList = parseAllowList(await readFile(path.join(root, 'audit-allowlist.json'), 'utf8'));
  } catch (error) {
    console.error((error as Error).message);
    return EXIT.findings;
  }
  const production = parseAuditOutput(await npmAudit(['--omit=dev'], root));
  if (!production.ok) {
    console.error(couldNotRun(production.reason));
    return EXIT.couldNotRun;
  }
  const all = parseAuditOutput(await npmAudit([], root));
  if (!all.ok) {
    console.error(couldNotRun(all.reason));
    return EXIT.couldNotRun;
  }
  const today = new Date().toISOString().slice(0, 10);
  const { lines, code } = report(evaluate(mergeScopes(production, all), allowList, today));
  for (const line of lines) (code === EXIT.ok ? console.log : console.error)(line);
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
