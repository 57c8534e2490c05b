import { auditMigrationSql } from './audit/audit.ts';
import type { Migration } from './db/migrator.ts';
import { chunkedFilesMigrationSql, filesMigrationSql } from './files.ts';
import { notifyMigrationSql, outboxChannelMigrationSql } from './notify.ts';

/** The shared kernel's own tables (schema `platform`). */
export const platformMigrations: Migration[] = [
  { name: '0001_audit_log', sql: auditMigrationSql },
  {
    name: '0002_secrets',
    sql: `
-- Secrets the platform generates for itself on first start (session keys, signing keys), so that
-- every instance sharing the database uses the same ones.
create table platform.secrets (
  name text primary key,
  value text not null,
  created_at timestamptz not null default now()
);`,
  },
  { name: '0003_files', sql: filesMigrationSql },
  { name: '0004_notifications', sql: notifyMigrationSql },
  { name: '0005_chunked_files', sql: chunkedFilesMigrationSql },
  { name: '0006_outbox_channel', sql: outboxChannelMigrationSql },
];
