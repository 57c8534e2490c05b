import { Command, CommanderError } from 'commander';
import { createPlatform } from './app.ts';
import { ensureWebBuilt } from './build-web.ts';
import { simulate } from './modules/urban/index.ts';
import { systemActor } from './platform/auth/principal.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { adminSql, applyRolesSql, grantsSql } from './platform/db/roles.ts';
import { platformVersion } from './version.ts';

/** `smartcity`: run, migrate and administer the platform. */
const program = new Command()
  .name('smartcity')
  .description('Nền tảng đô thị thông minh Hà Nội — Hanoi smart-city platform')
  .version(platformVersion);

program
  .command('start')
  .description('Chạy nền tảng (API + web) / Run the platform (API and web app)')
  .option('--no-build', 'không tự build ứng dụng web / do not build the web app if missing')
  .action(async (options: { build: boolean }) => {
    const config = loadConfig();
    if (options.build) await ensureWebBuilt();
    const platform = await createPlatform(config);
    const log = platform.context.log;
    // MIGRATE_ON_START=false refuses pending migrations: close the pool so the process can exit.
    const prepared = await platform.prepare().catch(async (error) => {
      await platform.close();
      throw error;
    });
    log.info(
      {
        applied: prepared.migrations.applied.length,
        referenceLoaded: prepared.referenceLoaded,
        demo: prepared.demo,
      },
      'database prepared',
    );
    const server = await platform.createServer();
    await platform.startJobs();
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      log.info({ signal }, 'shutting down: finishing in-flight requests');
      const force = setTimeout(() => process.exit(1), 15_000);
      force.unref();
      await server.close();
      await platform.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    await server.listen({ host: config.host, port: config.port });
    log.info(
      { url: config.publicUrl, mode: platform.context.database.kind === 'pglite' ? 'embedded' : 'postgres' },
      'Nền tảng đã sẵn sàng / platform ready',
    );
  });

program
  .command('migrate')
  .description('Áp dụng migration còn thiếu / Apply pending migrations')
  .action(async () => {
    const platform = await createPlatform(loadConfig());
    try {
      const report = await platform.migrate();
      await platform.org.ensureReferenceData();
      console.log(
        report.applied.length
          ? `Đã áp dụng / applied:\n${report.applied.map((name) => `  ${name}`).join('\n')}`
          : 'Không có migration mới / nothing to apply',
      );
    } finally {
      await platform.close();
    }
  });

program
  .command('seed-demo')
  .description('Tạo dữ liệu minh họa cho Hà Nội / Create the Hanoi demo data')
  .action(async () => {
    const platform = await createPlatform(loadConfig());
    try {
      await platform.prepare({ demo: true });
      console.log('Đã tạo dữ liệu minh họa / demo data ready');
    } finally {
      await platform.close();
    }
  });

const db = program.command('db').description('Cơ sở dữ liệu PostgreSQL / The PostgreSQL database');
db.command('roles')
  .description(
    'SQL tạo vai trò migration và vai trò ứng dụng (không UPDATE/DELETE nhật ký) / SQL for a migration role and an application role (no UPDATE/DELETE on the logs)',
  )
  .option('--owner <role>', 'vai trò migration, chủ sở hữu / migration role, the owner', 'smartcity_owner')
  .option('--app <role>', 'vai trò ứng dụng / application role', 'smartcity_app')
  .option(
    '--part <part>',
    'admin (trước migrate / before migrate), grants (sau mỗi migrate / after every migrate), all',
    'all',
  )
  .option('--apply', 'chạy trên DATABASE_URL thay vì in ra / run on DATABASE_URL instead of printing')
  .action(async (options: { owner: string; app: string; part: string; apply?: boolean }) => {
    if (!['admin', 'grants', 'all'].includes(options.part))
      throw new Error(`--part: admin | grants | all (không phải / not ${options.part})`);
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('Cần DATABASE_URL (PostgreSQL) / DATABASE_URL (PostgreSQL) is required');
    const roles = { owner: options.owner, app: options.app };
    const database = decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
    const script = [
      ...(options.part === 'grants' ? [] : [adminSql(roles, database)]),
      ...(options.part === 'admin' ? [] : [grantsSql(roles)]),
    ].join('\n');
    if (!options.apply) {
      console.log(script);
      return;
    }
    await applyRolesSql(url, script);
    console.log(`Đã áp dụng / applied (${options.part}): ${options.owner}, ${options.app} on ${database}`);
  });

const audit = program.command('audit').description('Nhật ký kiểm toán / The audit log');
audit
  .command('verify')
  .description(
    'Kiểm tra chuỗi băm, báo mắt xích hỏng đầu tiên / Verify the hash chain; report the first broken link',
  )
  .action(async () => {
    const platform = await createPlatform(loadConfig());
    try {
      const result = await platform.context.audit.verify();
      if (result.ok) {
        console.log(
          `OK: ${result.entries} mục, chuỗi toàn vẹn / entries, chain intact. Head: ${result.headHash}`,
        );
      } else {
        console.error(
          `HỎNG / BROKEN at seq ${result.brokenAt} (${result.reason}); ${result.entries} entries verified before it.`,
        );
        process.exitCode = 1;
      }
    } finally {
      await platform.close();
    }
  });

const exchange = program.command('exchange').description('Trao đổi dữ liệu giữa cơ quan / Data exchange');
exchange
  .command('verify')
  .description(
    'Kiểm tra chuỗi băm nhật ký thông điệp, báo mục hỏng đầu tiên / Verify the message log; report the first altered entry',
  )
  .action(async () => {
    const platform = await createPlatform(loadConfig());
    try {
      const result = await platform.exchange.verifyLog();
      if (result.ok) {
        console.log(
          `OK: ${result.entries} thông điệp, chuỗi toàn vẹn / messages, chain intact. Head: ${result.headHash}`,
        );
      } else {
        console.error(
          `HỎNG / BROKEN at seq ${result.brokenAt} (${result.reason}); ${result.entries} messages verified before it.`,
        );
        process.exitCode = 1;
      }
    } finally {
      await platform.close();
    }
  });

const keys = program.command('keys').description("Khoá ký của nền tảng / The platform's signing keys");
keys
  .command('rotate')
  .description(
    "Xoay vòng khoá ký OIDC và khoá cookie của một nhà cung cấp; khởi động lại mọi tiến trình sau đó / Rotate a provider's OIDC signing and cookie keys; restart every instance afterwards",
  )
  .option('--realm <realm>', 'city (đăng nhập một lần / the city sign-on) | vneid-sim', 'city')
  .action(async (options: { realm: string }) => {
    if (options.realm !== 'city' && options.realm !== 'vneid-sim')
      throw new Error(`--realm: city | vneid-sim (không phải / not ${options.realm})`);
    const platform = await createPlatform(loadConfig());
    try {
      await platform.prepare({ demo: false, measure: false });
      const rotated = await platform.identity.rotateKeys(systemActor('cli:keys rotate'), options.realm);
      console.log(`Khoá ký mới / new signing key: ${rotated.kid}`);
      console.log(`Công bố trong JWKS / published in the JWKS: ${rotated.kept.join(', ')}`);
      if (rotated.dropped.length > 0) console.log(`Đã bỏ / dropped: ${rotated.dropped.join(', ')}`);
      console.log(
        'Khởi động lại mọi tiến trình để dùng khoá mới / Restart every instance to sign with the new key.',
      );
    } finally {
      await platform.close();
    }
  });

const officials = program.command('officials').description('Cán bộ / Officials');
officials
  .command('add')
  .description(
    'Thêm cán bộ với vai trò tại đơn vị, kèm tài khoản đăng nhập / Add an official with roles at a unit, with a login',
  )
  .requiredOption('--name <fullName>', 'họ và tên / full name')
  .requiredOption('--unit <unitId>', 'mã đơn vị, vd. so-y-te / unit id, e.g. so-y-te')
  .requiredOption('--role <roles...>', 'vai trò / roles')
  .option('--email <email>')
  .option(
    '--username <username>',
    'tên đăng nhập; bỏ trống thì chưa cấp tài khoản / user name; without it no login is created',
  )
  .option(
    '--password <password>',
    'mật khẩu (≥ 12 ký tự); bỏ trống để tự sinh / password (≥ 12); generated when absent',
  )
  .action(
    async (options: {
      name: string;
      unit: string;
      role: string[];
      email?: string;
      username?: string;
      password?: string;
    }) => {
      const platform = await createPlatform(loadConfig());
      try {
        await platform.prepare({ demo: false });
        const actor = systemActor('cli:officials add');
        if (options.username) await platform.identity.assertUsernameAvailable(options.username);
        const { id } = await platform.org.createOfficial(actor, {
          fullName: options.name,
          email: options.email ?? null,
          memberships: options.role.map((role) => ({ unitId: options.unit, role: role as never })),
        });
        console.log(`Official ${id}`);
        if (options.username) {
          const login = await platform.identity.createOfficialLogin(actor, {
            officialId: id,
            username: options.username,
            ...(options.password ? { password: options.password } : {}),
          });
          console.log(`Username: ${login.username}`);
          if (login.password) console.log(`Password (hiển thị một lần / shown once): ${login.password}`);
          console.log(`TOTP secret: ${login.totpSecret}`);
          console.log(`TOTP URI: ${login.otpauthUri}`);
        }
      } finally {
        await platform.close();
      }
    },
  );

const devices = program.command('devices').description('Thiết bị cảm biến (IoT) / Sensor devices');
devices
  .command('add')
  .description('Đăng ký thiết bị, in mật khẩu MQTT một lần / Register a device; prints its MQTT secret once')
  .requiredOption('--id <id>', 'mã thiết bị, cũng là tên đăng nhập MQTT / device id, also the MQTT user name')
  .requiredOption('--type <type>', 'kiểu Smart Data Model, vd. FloodMonitoring / Smart Data Model type')
  .requiredOption('--domain <domain>', 'lĩnh vực, vd. urban, water / domain, e.g. urban, water')
  .requiredOption('--unit <unitId>', 'phường, xã hoặc sở / ward, commune or department')
  .option('--owner <agencyId>', 'cơ quan chủ quản (mặc định: đơn vị) / owner agency (default: the unit)')
  .option('--lon <lon>', 'kinh độ / longitude', Number)
  .option('--lat <lat>', 'vĩ độ / latitude', Number)
  .option('--installed-on <date>', 'ngày lắp đặt YYYY-MM-DD / install date')
  .option('--simulated', 'thiết bị mô phỏng / a simulated device')
  .action(
    async (options: {
      id: string;
      type: string;
      domain: string;
      unit: string;
      owner?: string;
      lon?: number;
      lat?: number;
      installedOn?: string;
      simulated?: boolean;
    }) => {
      const platform = await createPlatform(loadConfig());
      try {
        await platform.prepare({ demo: false });
        const { device, secret } = await platform.urban.devices.create(systemActor('cli:devices add'), {
          id: options.id,
          type: options.type,
          domain: options.domain as never,
          unitId: options.unit,
          ...(options.owner ? { ownerAgencyId: options.owner } : {}),
          ...(options.lon !== undefined ? { lon: options.lon } : {}),
          ...(options.lat !== undefined ? { lat: options.lat } : {}),
          ...(options.installedOn ? { installedOn: options.installedOn } : {}),
          ...(options.simulated ? { simulated: true } : {}),
        });
        console.log(`Device ${device.id}`);
        console.log(`Entity: ${device.entityId}`);
        console.log(`MQTT topic: ${device.topic}`);
        console.log(`MQTT username: ${device.id}`);
        console.log(`MQTT secret (hiển thị một lần / shown once): ${secret}`);
      } catch (error) {
        const problem = error as {
          detail?: { vi: string; en: string };
          extra?: { fields?: { path: string; message: { en: string } }[] };
        };
        if (!problem.detail) throw error;
        console.error(`${problem.detail.vi} / ${problem.detail.en}`);
        for (const field of problem.extra?.fields ?? [])
          console.error(`  ${field.path}: ${field.message.en}`);
        process.exitCode = 1;
      } finally {
        await platform.close();
      }
    },
  );

program
  .command('simulate')
  .description(
    'Thiết bị mô phỏng gửi số đo qua MQTT (QoS 1), có báo tiến độ / Simulated devices publish readings over MQTT (QoS 1), with progress',
  )
  .option('--devices <n>', 'số thiết bị mô phỏng (≤ 1000) / number of simulated devices (≤ 1000)', Number, 20)
  .option('--rate <r>', 'số bản ghi mỗi giây, tổng cộng / readings per second in total', Number, 10)
  .option(
    '--seconds <s>',
    'dừng sau S giây (mặc định: đến khi Ctrl-C) / stop after S seconds (default: Ctrl-C)',
    Number,
  )
  .option('--domain <domains...>', 'chỉ các lĩnh vực này, vd. urban transport / only these domains')
  .option('--broker <url>', 'máy chủ MQTT, vd. mqtt://127.0.0.1:1884 / MQTT broker URL')
  .option('--seed <seed>', 'hạt giống ngẫu nhiên / random seed', Number, 1)
  .action(
    async (options: {
      devices: number;
      rate: number;
      seconds?: number;
      domain?: string[];
      broker?: string;
      seed: number;
    }) => {
      const config = loadConfig();
      const platform = await createPlatform(config);
      const stop = new AbortController();
      // First Ctrl-C: stop publishing and wait for the acknowledgements; a second one: leave now.
      const onSigint = () => (stop.signal.aborted ? process.exit(130) : stop.abort());
      process.on('SIGINT', onSigint);
      try {
        await platform.prepare({ demo: false });
        const line = (p: {
          sent: number;
          acknowledged: number;
          failed: number;
          seconds: number;
          rate: number;
        }) =>
          `${p.seconds}s · gửi / sent ${p.sent} · xác nhận / acknowledged ${p.acknowledged}${p.failed ? ` · lỗi / failed ${p.failed}` : ''} · ${p.rate}/s`;
        const summary = await simulate(
          { devices: platform.urban.devices, org: platform.org, ingest: platform.urban.ingest, config },
          {
            devices: options.devices,
            rate: options.rate,
            seed: options.seed,
            signal: stop.signal,
            ...(options.seconds !== undefined ? { seconds: options.seconds } : {}),
            ...(options.domain ? { domains: options.domain } : {}),
            ...(options.broker ? { broker: options.broker } : {}),
            onInfo: (info) => process.stderr.write(`${info.vi} / ${info.en}\n`),
            onProgress: (progress) => process.stderr.write(`  ${line(progress)}\n`),
          },
        );
        console.log(
          `Kết thúc (dữ liệu mô phỏng) / done (simulated data): ${line(summary)} trung bình / average`,
        );
        if (summary.acknowledged < summary.sent) process.exitCode = 1;
      } catch (error) {
        const problem = error as { detail?: { vi: string; en: string } };
        if (!problem.detail) throw error;
        console.error(`${problem.detail.vi} / ${problem.detail.en}`);
        process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSigint);
        await platform.close();
      }
    },
  );

const jobs = program.command('jobs').description('Việc nền / Background jobs');
jobs
  .command('run')
  .description(
    'Chạy ngay một việc nền (vd. plan.reminders); ở chế độ nhúng cần dừng máy chủ trước / Run a background job now (e.g. plan.reminders); in embedded mode stop the server first',
  )
  .argument('<name>', 'tên việc nền / job name')
  .action(async (name: string) => {
    const platform = await createPlatform(loadConfig());
    try {
      const known = platform.context.jobs.names;
      if (!known.includes(name)) {
        console.error(`Không có việc nền / no job "${name}". Có / known: ${known.join(', ')}`);
        process.exitCode = 1;
        return;
      }
      await platform.prepare({ demo: false });
      await platform.context.jobs.runNow(name, {});
      console.log(`Đã chạy / ran: ${name}`);
    } finally {
      await platform.close();
    }
  });

const data = program.command('data').description('Dữ liệu mở / Open data');
data
  .command('upload')
  .description(
    'Tải tệp lên một bộ dữ liệu, kiểm tra và nạp CSV vào kho dữ liệu, có báo tiến độ / Upload a file to a dataset, check it and load a CSV into the DataStore, showing progress',
  )
  .argument('<dataset>', 'tên hoặc mã bộ dữ liệu / dataset name or id')
  .argument('<file>', 'đường dẫn tệp (CSV, JSON, GeoJSON, XLSX) / file path')
  .option('--schema <file>', 'lược đồ bảng Frictionless (JSON) / Frictionless Table Schema (JSON)')
  .option('--name <name>', 'tên tài nguyên / resource name')
  .option('--replace <resourceId>', 'thay tệp của tài nguyên này / replace the file of this resource')
  .action(
    async (dataset: string, file: string, options: { schema?: string; name?: string; replace?: string }) => {
      const { createReadStream } = await import('node:fs');
      const { readFile } = await import('node:fs/promises');
      const path = await import('node:path');
      const platform = await createPlatform(loadConfig());
      try {
        await platform.prepare({ demo: false });
        const schema = options.schema ? JSON.parse(await readFile(options.schema, 'utf8')) : null;
        const startedAt = performance.now();
        let shown = 0;
        const input = {
          filename: path.basename(file),
          source: createReadStream(file),
          ...(options.name ? { name: options.name } : {}),
          schema,
          onProgress: (rows: number, bytes: number) => {
            const now = performance.now();
            if (now - shown < 500) return;
            shown = now;
            process.stderr.write(
              `  ${rows.toLocaleString('vi-VN')} dòng / rows · ${(bytes / 1048576).toFixed(1)} MB\n`,
            );
          },
        };
        const actor = systemActor('cli:data upload');
        const result = options.replace
          ? await platform.data.portal.replaceUpload(actor, options.replace, input)
          : await platform.data.portal.addUpload(actor, dataset, input);
        const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
        const rows = result.resource.rows;
        console.log(
          `Đã tải lên / uploaded: ${result.resource.id} (${result.resource.format}${rows === null ? '' : `, ${rows} dòng / rows`}) in ${seconds}s`,
        );
      } catch (error) {
        const report = (
          error as { report?: { issues: { row?: number; column?: string; vi: string; en: string }[] } }
        ).report;
        if (!report) throw error;
        console.error('Tệp chưa hợp lệ, không có gì được lưu / The file is not valid; nothing was kept:');
        for (const issue of report.issues)
          console.error(
            `  ${issue.row ? `dòng / row ${issue.row}` : ''}${issue.column ? ` "${issue.column}"` : ''}: ${issue.vi} / ${issue.en}`,
          );
        process.exitCode = 1;
      } finally {
        await platform.close();
      }
    },
  );

const clients = program
  .command('clients')
  .description('Ứng dụng đăng nhập một lần / Single sign-on client applications');
clients
  .command('add')
  .description(
    'Đăng ký ứng dụng với nhà cung cấp OIDC của Thành phố / Register an application with the city OIDC provider',
  )
  .requiredOption('--name <name>', 'tên ứng dụng / application name')
  .requiredOption('--redirect-uri <uris...>', 'địa chỉ nhận mã đăng nhập / redirect URIs')
  .option('--post-logout-redirect-uri <uris...>', 'địa chỉ sau khi đăng xuất / post-logout redirect URIs')
  .option('--backchannel-logout-uri <uri>', 'địa chỉ đăng xuất kênh sau / back-channel logout URI')
  .option(
    '--public',
    'ứng dụng công khai, không có secret (chỉ PKCE) / public client without a secret (PKCE only)',
  )
  .action(
    async (options: {
      name: string;
      redirectUri: string[];
      postLogoutRedirectUri?: string[];
      backchannelLogoutUri?: string;
      public?: boolean;
    }) => {
      const platform = await createPlatform(loadConfig());
      try {
        await platform.prepare({ demo: false });
        const created = await platform.identity.registerClient(systemActor('cli:clients add'), {
          name: options.name,
          redirectUris: options.redirectUri,
          ...(options.postLogoutRedirectUri ? { postLogoutRedirectUris: options.postLogoutRedirectUri } : {}),
          ...(options.backchannelLogoutUri ? { backchannelLogoutUri: options.backchannelLogoutUri } : {}),
          public: Boolean(options.public),
        });
        console.log(`Client ID: ${created.clientId}`);
        if (created.clientSecret) {
          console.log(`Client secret (hiển thị một lần / shown once): ${created.clientSecret}`);
        }
        console.log(`Issuer: ${platform.context.config.publicUrl}/oidc`);
      } finally {
        await platform.close();
      }
    },
  );

const backup = () => import('./platform/backup/index.ts');
const backupFailed = async (error: unknown) => {
  if (!(error instanceof (await backup()).BackupError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
};
program
  .command('backup')
  .description(
    'Sao lưu cơ sở dữ liệu, tệp đã lưu và trạng thái cục bộ vào một tệp, kèm tổng kiểm từng bảng / Back up the database, stored files and local state into one archive, with a checksum of every table',
  )
  .option('--output <file>', 'tệp sao lưu (.tar) / archive to write (.tar)')
  .option('--pg-bin <dir>', 'thư mục chứa pg_dump và pg_restore / directory of pg_dump and pg_restore')
  .action(async (options: { output?: string; pgBin?: string }) => {
    try {
      const { createBackup } = await backup();
      const result = await createBackup({
        config: loadConfig(),
        version: platformVersion,
        ...(options.output ? { output: options.output } : {}),
        pgBin: options.pgBin ?? null,
      });
      const { manifest } = result;
      const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
      console.log(`Đã sao lưu / backed up: ${result.file} (${(result.bytes / 1048576).toFixed(1)} MB)`);
      console.log(
        `  ${manifest.tables.length} bảng / tables, ${rows} dòng / rows, ${manifest.files.length} tệp / stored files, ${manifest.migrations.length} migrations, ${manifest.mode}`,
      );
    } catch (error) {
      await backupFailed(error);
    }
  });
program
  .command('restore')
  .description(
    'Khôi phục từ tệp sao lưu rồi đối chiếu tổng kiểm từng bảng và tệp; nền tảng phải dừng / Restore an archive, then verify every table and file against it; the platform must be stopped',
  )
  .argument('<archive>', 'tệp do smartcity backup tạo / archive made by smartcity backup')
  .option('--force', 'ghi đè nơi đã có dữ liệu / overwrite a target that holds data')
  .option('--pg-bin <dir>', 'thư mục chứa pg_dump và pg_restore / directory of pg_dump and pg_restore')
  .action(async (archive: string, options: { force?: boolean; pgBin?: string }) => {
    try {
      const { restoreBackup } = await backup();
      const result = await restoreBackup({
        config: loadConfig(),
        archive,
        force: Boolean(options.force),
        version: platformVersion,
        pgBin: options.pgBin ?? null,
      });
      for (const warning of result.warnings) console.error(warning);
      const { manifest } = result;
      console.log(
        `Đã khôi phục và đối chiếu / restored and verified: ${manifest.tables.length} bảng / tables, ${manifest.files.length} tệp / stored files (bản sao lưu lúc / archive of ${manifest.createdAt}, ${manifest.platformVersion})`,
      );
      for (const kept of result.kept)
        console.log(
          `  Dữ liệu cũ giữ tại / previous data kept at: ${kept} (xóa khi đã kiểm tra / delete once checked)`,
        );
    } catch (error) {
      await backupFailed(error);
    }
  });

program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof ConfigError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
