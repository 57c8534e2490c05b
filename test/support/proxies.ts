import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { freePort, stopProcess } from './server-process.ts';

/** The machine's nginx and Mosquitto binaries (Debian packages), or null when not installed. */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => existsSync(file)) ?? null;
export const MOSQUITTO =
  process.env.MOSQUITTO_BIN ??
  ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((file) => existsSync(file)) ??
  null;

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    net
      .connect(port, '127.0.0.1')
      .once('connect', function (this: net.Socket) {
        this.destroy();
        resolve(true);
      })
      .once('error', () => resolve(false));
  });

async function waitListening(port: number, child: ChildProcess, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await listening(port)) return;
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} is not listening on ${port}`);
}

/**
 * A Mosquitto broker of a test's or benchmark's own (the machine's binary, a free port), so that no
 * other user of the machine's broker shares the platform's fixed topics and shared-subscription
 * group; configured as docs/smart-urban.md asks of an external broker (no caps on in-flight or
 * queued messages, which would drop QoS 1 messages under load).
 */
export async function startMosquitto(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (!MOSQUITTO) throw new Error('mosquitto is not installed');
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  await writeFile(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_inflight_messages 0',
      'max_queued_messages 0',
      'set_tcp_nodelay true',
      '',
    ].join('\n'),
  );
  const broker = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
  await waitListening(port, broker, 'mosquitto');
  return { url: `mqtt://127.0.0.1:${port}`, stop: () => stopProcess(broker, 'SIGTERM') };
}

/**
 * nginx in front of several app instances, configured as docs/operations.md recommends: requests
 * that fail to reach an instance (refused, reset before an answer, 502/503) go to the next one;
 * server-sent events are not buffered. Its access log records which instance answered.
 */
export async function startNginx(
  dir: string,
  upstreamPorts: number[],
): Promise<{ url: string; accessLog: () => Promise<string[]>; stop(): Promise<void> }> {
  if (!NGINX) throw new Error('nginx is not installed');
  const port = await freePort();
  // Workers run as an unprivileged user when the test runs as root: they must reach the temp dirs.
  await chmod(dir, 0o755);
  const temp = path.join(dir, 'nginx-temp');
  await mkdir(temp, { recursive: true });
  await chmod(temp, 0o777);
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  log_format upstream '$status $request_method $uri $upstream_addr $upstream_status';
  access_log ${dir}/nginx-access.log upstream;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  upstream smartcity {
${upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 30m;
    location / {
      proxy_pass http://smartcity;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_read_timeout 1h;
      proxy_buffering off;
    }
  }
}
`,
  );
  execFileSync(NGINX, ['-t', '-c', conf, '-p', dir], { stdio: 'pipe' });
  const proxy = spawn(NGINX, ['-c', conf, '-p', dir], { stdio: 'ignore' });
  await waitListening(port, proxy, 'nginx');
  return {
    url: `http://127.0.0.1:${port}`,
    accessLog: async () =>
      (await readFile(path.join(dir, 'nginx-access.log'), 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean),
    stop: () => stopProcess(proxy, 'SIGQUIT'),
  };
}
