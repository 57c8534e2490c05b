import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ratio, writeResult } from './support.ts';

/**
 * Time from `smartcity start` to `/api/ready` = 200: a first start on an empty data directory
 * (migrations, reference register, demo data incl. the 10,000-resident registry) and a second
 * start on the same data; baseline: a bare Fastify process started the same way in the same run.
 */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function timeUntilReady(args: string[], env: Record<string, string>, readyPath: string) {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}${readyPath}`);
        if (response.status === 200) return Math.round(performance.now() - started);
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

export async function main() {
  const bare = await timeUntilReady(
    [
      '--input-type=module',
      '-e',
      "import Fastify from 'fastify'; const app = Fastify(); app.get('/ready', async () => 'ok'); await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });",
    ],
    {},
    '/ready',
  );
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-startup-'));
  try {
    const env = { DATA_DIR: dataDir };
    const first = await timeUntilReady(['bin/smartcity.js', 'start'], env, '/api/ready');
    const second = await timeUntilReady(['bin/smartcity.js', 'start'], env, '/api/ready');
    const result = {
      benchmark: 'startup',
      bareFastifyMs: bare,
      firstStartMs: first,
      secondStartMs: second,
      firstToBare: ratio(first, bare),
      secondToBare: ratio(second, bare),
      goals: { firstStartMs: 90_000, secondStartMs: 15_000 },
    };
    console.log(
      [
        `bare Fastify process ready:      ${bare} ms`,
        `first start (empty data) ready:  ${first} ms (${result.firstToBare}× bare; goal < 90 s)`,
        `second start (same data) ready:  ${second} ms (${result.secondToBare}× bare; goal < 15 s)`,
      ].join('\n'),
    );
    console.log(`→ ${await writeResult('startup', result)}`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
