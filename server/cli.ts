import { Command, CommanderError } from 'commander';
import { createPlatform } from './app.ts';
import { ensureWebBuilt } from './build-web.ts';
import { systemActor } from './platform/auth/principal.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
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
    const prepared = await platform.prepare();
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
