import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AllowList,
  couldNotRun,
  EXIT,
  evaluate,
  mergeScopes,
  parseAllowList,
  parseAuditOutput,
  report,
} from '../../scripts/audit.ts';

/**
 * `npm run audit` (scripts/audit.ts) over `npm audit --json` outputs: a clean report, one with an
 * allowed and an unallowed advisory, and the registry's error answer (recorded here: 405 on the
 * bulk advisory endpoint). No database: the logic only.
 */
const fixture = (name: string) => readFile(path.resolve('test/fixtures/npm-audit', name), 'utf8');
const entry = (overrides: Partial<AllowList['entries'][number]> = {}): AllowList['entries'][number] => ({
  id: 'GHSA-c2qf-rxjj-qqgw',
  package: 'semver',
  reason: 'Only parses version strings from our own lock file, never user input.',
  reviewer: 'Nguyễn Văn Rà Soát',
  reviewBy: '2027-01-31',
  ...overrides,
});
const production = async (name: string) => {
  const run = parseAuditOutput(await fixture(name));
  if (!run.ok) throw new Error(run.reason);
  return mergeScopes(run, { ok: true, advisories: [] });
};

describe('npm audit allow-list', () => {
  it('passes a clean report', async () => {
    const verdict = evaluate(await production('clean.json'), { entries: [] }, '2026-11-27');
    expect(verdict.failing).toEqual([]);
    expect(report(verdict).code).toBe(EXIT.ok);
  });

  it('allows a reviewed advisory and fails on the unreviewed one', async () => {
    const advisories = await production('findings.json');
    // Advisories, not the packages that only carry them (make-dir via semver).
    expect(
      advisories.map((advisory) => `${advisory.package} ${advisory.id} ${advisory.severity}`).sort(),
    ).toEqual([
      'debug GHSA-gxpj-cx7g-858c low',
      'ip GHSA-2p57-rm9w-gvfp high',
      'semver GHSA-c2qf-rxjj-qqgw moderate',
    ]);
    const verdict = evaluate(advisories, { entries: [entry()] }, '2026-11-27');
    expect(verdict.allowed.map(({ advisory }) => advisory.package)).toEqual(['semver']);
    expect(verdict.failing.map((advisory) => advisory.package)).toEqual(['ip']);
    // Low severity is shown, not failing.
    expect(verdict.notices.map((advisory) => advisory.package)).toEqual(['debug']);
    const printed = report(verdict);
    expect(printed.code).toBe(EXIT.findings);
    expect(printed.lines.join('\n')).toContain('NOT ALLOWED: high     ip GHSA-2p57-rm9w-gvfp');
    // The numeric npm advisory id matches too; the package must match as well.
    expect(
      evaluate(advisories, { entries: [entry({ id: '1101851', package: 'ip' })] }, '2026-11-27').failing,
    ).toEqual([advisories.find((advisory) => advisory.package === 'semver')]);
    expect(evaluate(advisories, { entries: [entry({ package: 'ip' })] }, '2026-11-27').failing).toHaveLength(
      2,
    );
  });

  it('fails on an allow-list entry past its review date, even when nothing matches it', async () => {
    const advisories = await production('findings.json');
    const lapsed = entry({ reviewBy: '2026-11-26' });
    const verdict = evaluate(advisories, { entries: [lapsed] }, '2026-11-27');
    expect(verdict.expired).toEqual([lapsed]);
    expect(verdict.failing.map((advisory) => advisory.package).sort()).toEqual(['ip', 'semver']);
    expect(report(verdict).lines.join('\n')).toContain('REVIEW EXPIRED: GHSA-c2qf-rxjj-qqgw semver');
    const unmatched = evaluate(await production('clean.json'), { entries: [lapsed] }, '2026-11-27');
    expect(report(unmatched).code).toBe(EXIT.findings);
    // On its review date the entry still holds.
    expect(
      evaluate(advisories, { entries: [entry({ reviewBy: '2026-11-27' })] }, '2026-11-27').expired,
    ).toEqual([]);
  });

  it('fails dev-only advisories from high severity, production ones from moderate', async () => {
    const all = parseAuditOutput(await fixture('findings.json'));
    if (!all.ok) throw new Error(all.reason);
    const advisories = mergeScopes({ ok: true, advisories: [] }, all);
    expect(advisories.every((advisory) => advisory.scope === 'dev')).toBe(true);
    const verdict = evaluate(advisories, { entries: [] }, '2026-11-27');
    expect(verdict.failing.map((advisory) => advisory.package)).toEqual(['ip']);
    expect(verdict.notices.map((advisory) => advisory.package).sort()).toEqual(['debug', 'semver']);
  });

  it('reports an error answer as "could not run", never as a pass', async () => {
    const run = parseAuditOutput(await fixture('error-405.json'));
    expect(run).toEqual({
      ok: false,
      reason: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    expect(parseAuditOutput('')).toMatchObject({ ok: false });
    const message = couldNotRun('offline');
    expect(message).toContain('KHÔNG CHẠY ĐƯỢC');
    expect(message).toContain('could NOT run');
  });

  it('refuses a malformed allow-list entry', () => {
    expect(() => parseAllowList(JSON.stringify({ entries: [{ ...entry(), reason: 'ok' }] }))).toThrow(
      /reason/,
    );
    expect(() => parseAllowList(JSON.stringify({ entries: [{ ...entry(), reviewBy: 'soon' }] }))).toThrow(
      /reviewBy/,
    );
    expect(parseAllowList(JSON.stringify({ entries: [entry()] })).entries).toHaveLength(1);
  });

  it('the repository allow-list is valid', async () => {
    expect(() => parseAllowList(readFileSync('audit-allowlist.json', 'utf8'))).not.toThrow();
  });
});

describe('npm run audit exit codes', { timeout: 60_000 }, () => {
  // A stand-in `npm` first on PATH prints a recorded answer, so the script runs end to end offline.
  let bin: string;
  beforeAll(async () => {
    bin = await mkdtemp(path.join(os.tmpdir(), 'smartcity-npm-'));
  });
  afterAll(() => rm(bin, { recursive: true, force: true }));

  const run = async (name: string) => {
    await writeFile(
      path.join(bin, 'npm'),
      `#!/bin/sh\ncat ${JSON.stringify(path.resolve('test/fixtures/npm-audit', name))}\nexit 1\n`,
    );
    await chmod(path.join(bin, 'npm'), 0o755);
    try {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/audit.ts'], {
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
      });
      return 0;
    } catch (error) {
      return (error as { code: number }).code;
    }
  };

  it('0 when clean, 1 on an unreviewed advisory, 3 when the audit could not run', async () => {
    expect(await run('clean.json')).toBe(EXIT.ok);
    expect(await run('findings.json')).toBe(EXIT.findings);
    expect(await run('error-405.json')).toBe(EXIT.couldNotRun);
  });
});
