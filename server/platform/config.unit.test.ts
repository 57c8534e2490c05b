import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { offsetFileClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('reads the draft retention in days, 30 unless set, and names the variable when it is wrong', () => {
    expect(loadConfig({}).draftRetentionDays).toBe(30);
    expect(loadConfig({ DRAFT_RETENTION_DAYS: '7' }).draftRetentionDays).toBe(7);
    expect(() => loadConfig({ DRAFT_RETENTION_DAYS: '0' })).toThrow(/DRAFT_RETENTION_DAYS="0"/);
    expect(() => loadConfig({ DRAFT_RETENTION_DAYS: 'a month' })).toThrow(ConfigError);
  });

  it('reads the retention of notifications, outbox and sign-ins, with their defaults and limits', () => {
    expect(loadConfig({}).retention).toEqual({ notificationDays: 365, outboxDays: 90, signInDays: 730 });
    expect(
      loadConfig({
        NOTIFICATION_RETENTION_DAYS: '30',
        OUTBOX_RETENTION_DAYS: '1',
        SIGN_IN_RETENTION_DAYS: '3650',
      }).retention,
    ).toEqual({ notificationDays: 30, outboxDays: 1, signInDays: 3650 });
    expect(() => loadConfig({ NOTIFICATION_RETENTION_DAYS: '0' })).toThrow(/NOTIFICATION_RETENTION_DAYS="0"/);
    expect(() => loadConfig({ OUTBOX_RETENTION_DAYS: '3651' })).toThrow(/OUTBOX_RETENTION_DAYS="3651"/);
    expect(() => loadConfig({ SIGN_IN_RETENTION_DAYS: '1.5' })).toThrow(/SIGN_IN_RETENTION_DAYS/);
    expect(() => loadConfig({ SIGN_IN_RETENTION_DAYS: 'two years' })).toThrow(ConfigError);
  });

  it('refuses demo data and the VNeID simulator in production', () => {
    const upstream = {
      VNEID_ISSUER: 'https://vneid.example.gov.vn',
      VNEID_CLIENT_ID: 'hanoi',
      VNEID_CLIENT_SECRET: 'secret-secret',
    };
    // Embedded mode turns demo data on by default: production must say DEMO_DATA=false.
    expect(() => loadConfig({ NODE_ENV: 'production', ...upstream })).toThrow(/DEMO_DATA.*refused/);
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true', ...upstream })).toThrow(
      /DEMO_DATA.*refused/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'false' })).toThrow(
      /VNEID_ISSUER.*simulator/,
    );
    const config = loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'false', ...upstream });
    expect(config.demoData).toBe(false);
    expect(config.vneid?.issuer).toBe(upstream.VNEID_ISSUER);
    // Outside production both stay available.
    expect(loadConfig({}).demoData).toBe(true);
  });

  it('refuses a shifted clock in production', () => {
    expect(loadConfig({ CLOCK_OFFSET_FILE: 'offset' }).clockOffsetFile).toBe(path.resolve('offset'));
    expect(loadConfig({}).clockOffsetFile).toBeNull();
    expect(() => loadConfig({ CLOCK_OFFSET_FILE: 'offset', NODE_ENV: 'production' })).toThrow(
      /CLOCK_OFFSET_FILE.*refused when NODE_ENV=production/,
    );
  });

  it('takes a metrics token of 32 or more token characters, none unless set', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    const token = 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy=';
    expect(loadConfig({ METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN="short"/);
    expect(() => loadConfig({ METRICS_TOKEN: `${'a'.repeat(32)} b` })).toThrow(ConfigError);
  });
});

describe('the offset-file clock', () => {
  it('adds the milliseconds the file holds, re-read when it changes; no file or nonsense: no shift', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'clock-'));
    try {
      const file = path.join(dir, 'offset');
      const clock = offsetFileClock(file);
      const near = (date: Date, expected: number) =>
        expect(Math.abs(date.getTime() - expected)).toBeLessThan(1000);
      near(clock.now(), Date.now());
      await writeFile(file, String(3 * 86_400_000));
      near(clock.now(), Date.now() + 3 * 86_400_000);
      await writeFile(file, 'not a number');
      await utimes(file, new Date(), new Date(Date.now() + 5000));
      near(clock.now(), Date.now());
      await writeFile(file, '-86400000');
      await utimes(file, new Date(), new Date(Date.now() + 10_000));
      expect(clock.offsetMs()).toBe(-86_400_000);
      expect(clock.today()).toBe(new Date(Date.now() + 7 * 3600_000 - 86_400_000).toISOString().slice(0, 10));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
