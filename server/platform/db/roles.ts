import pg from 'pg';

/**
 * SQL for running on PostgreSQL with two roles (docs/operations.md, "PostgreSQL"): a migration role
 * that owns the database and every schema, and an application role that reads and writes rows but
 * cannot alter the schema, nor UPDATE, DELETE or TRUNCATE the append-only logs. Both scripts are
 * idempotent, so they are safe to run again after every `smartcity migrate`.
 */
export type RoleNames = { owner: string; app: string };

/** Tables that are append-only logs (hash-chained or event history); the app may only read and append. */
export const APPEND_ONLY_TABLES = ['platform.audit_log', 'exchange.messages', 'services.dossier_events'];

/** The DataStore creates one table per loaded resource at run time (server/modules/data/datastore). */
export const RUNTIME_DDL_SCHEMA = 'datastore';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertRoleName(name: string): string {
  if (!ROLE_NAME.test(name))
    throw new Error(
      `Tên vai trò không hợp lệ / invalid role name ${JSON.stringify(name)}: a-z, 0-9, _ (starting with a letter or _)`,
    );
  return name;
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Run by an administrator (superuser or CREATEROLE and the database's owner) once, before the first
 * migration: creates both roles (LOGIN, no password: set one with `\password`), and gives the
 * database to the migration role, so it may create schemas and the pg_trgm extension.
 */
export function adminSql(roles: RoleNames, database: string): string {
  const owner = assertRoleName(roles.owner);
  const app = assertRoleName(roles.app);
  return `-- smartcity: vai trò migration và vai trò ứng dụng / migration and application roles (administrator)
do $$
begin
  if not exists (select from pg_roles where rolname = ${literal(owner)}) then
    create role ${owner} login;
  end if;
  if not exists (select from pg_roles where rolname = ${literal(app)}) then
    create role ${app} login;
  end if;
end $$;
alter database "${database.replaceAll('"', '""')}" owner to ${owner};
grant connect, temporary on database "${database.replaceAll('"', '""')}" to ${app};
-- The migration role reaches what the application role creates at run time (DataStore tables).
grant ${app} to ${owner};
`;
}

/**
 * Run by the migration role (or an administrator) after every `smartcity migrate`: privileges on
 * what exists now, default privileges for what the migration role creates later, and the
 * append-only logs taken back to SELECT and INSERT. Every table with an `*_append_only` trigger
 * counts as a log, so a new log added by a migration is covered when this runs again.
 */
export function grantsSql(roles: RoleNames): string {
  const owner = assertRoleName(roles.owner);
  const app = assertRoleName(roles.app);
  return `-- smartcity: quyền của vai trò ứng dụng / application role's privileges (after every migrate)
do $$
declare
  s record;
  t record;
begin
  for s in select nspname from pg_namespace where nspowner = ${literal(owner)}::regrole loop
    execute format('grant usage on schema %I to ${app}', s.nspname);
    execute format('grant select, insert, update, delete on all tables in schema %I to ${app}', s.nspname);
    execute format('grant usage, select, update on all sequences in schema %I to ${app}', s.nspname);
    execute format('grant execute on all functions in schema %I to ${app}', s.nspname);
  end loop;
  -- The DataStore creates its resource tables at run time.
  if exists (select from pg_namespace where nspname = ${literal(RUNTIME_DDL_SCHEMA)}) then
    execute 'grant create on schema ${RUNTIME_DDL_SCHEMA} to ${app}';
  end if;
  -- Append-only logs: read and append only, whatever the triggers do.
  for t in
    select distinct c.oid::regclass as relation
    from pg_trigger g join pg_class c on c.oid = g.tgrelid
    where g.tgname like '%\\_append\\_only' and not g.tgisinternal
  loop
    execute format('revoke update, delete, truncate on %s from ${app}', t.relation);
  end loop;
  -- Only the migration role records migrations.
  if to_regclass('platform.schema_migrations') is not null then
    execute 'revoke insert, update, delete, truncate on platform.schema_migrations from ${app}';
  end if;
end $$;
alter default privileges for role ${owner} grant usage on schemas to ${app};
alter default privileges for role ${owner} grant select, insert, update, delete on tables to ${app};
alter default privileges for role ${owner} grant usage, select, update on sequences to ${app};
`;
}

/** Runs `script` on the database at `url` in one transaction (the `--apply` of `smartcity db roles`). */
export async function applyRolesSql(url: string, script: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`begin;\n${script}\ncommit;`);
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
