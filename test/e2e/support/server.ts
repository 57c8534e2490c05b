import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../../support/server-process.ts';

const repo = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const webDir = path.join(repo, 'web');
const builtIndex = path.join(webDir, 'dist', 'index.html');
const buildLock = path.join(
  os.tmpdir(),
  `smartcity-web-build-${Buffer.from(repo).toString('hex').slice(-24)}.lock`,
);

async function newestSourceChange(): Promise<number> {
  let newest = 0;
  const visit = async (entry: string) => {
    const info = await stat(entry);
    if (info.isDirectory()) {
      for (const child of await readdir(entry)) await visit(path.join(entry, child));
    } else {
      newest = Math.max(newest, info.mtimeMs);
    }
  };
  // The web app's sources, and the code it shares with the server (shared/).
  const sources = [
    ...['src', 'public', 'index.html', 'vite.config.ts'].map((entry) => path.join(webDir, entry)),
    path.join(webDir, '..', 'shared'),
  ];
  for (const full of sources) if (existsSync(full)) await visit(full);
  return newest;
}

async function isBuildCurrent(): Promise<boolean> {
  if (!existsSync(builtIndex)) return false;
  return (await stat(builtIndex)).mtimeMs >= (await newestSourceChange());
}

/**
 * Builds the web app when web/dist is missing or older than its sources, once per run: the first
 * test file builds under a lock directory, the others find the build current.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (await isBuildCurrent()) return;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(buildLock);
      break;
    } catch {
      // A lock left by a run that died is stale after a few minutes (a build takes seconds).
      const since = await stat(buildLock).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (since > 120_000) await rm(buildLock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`web build lock ${buildLock} held too long`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (await isBuildCurrent()) return;
    const vite = path.join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
    await promisify(execFile)(
      process.execPath,
      [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: repo,
        // Vitest sets NODE_ENV=test, which would give React's development build.
        env: { ...process.env, NODE_ENV: 'production' },
        timeout: 170_000,
      },
    );
  } finally {
    await rm(buildLock, { recursive: true, force: true });
  }
}

export type RunningServer = {
  url: string;
  output: () => string;
  /**
   * Stops the server, runs `smartcity <args>` over the same data directory (PGlite is opened by one
   * process at a time, so an operator's command runs between two server runs), starts the server
   * again on the same address; answers what the command printed.
   */
  runCommand(args: string[]): Promise<string>;
  stop(): Promise<void>;
};

/**
 * The real platform as a user starts it (`smartcity start`), embedded mode with demo data, on a free
 * port over a fresh data directory; resolves once `/api/ready` answers 200.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  await ensureWebBuilt();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-e2e-'));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    DEMO_POPULATION: '500',
    PORT: String(port),
    HOST: 'localhost',
    PUBLIC_URL: url,
    // Other test servers may run at the same time: the embedded MQTT broker takes any free port.
    MQTT_EMBEDDED_PORT: '0',
    ...env,
  };
  // The browser tests always run the embedded mode, whatever the surrounding shell points at.
  delete childEnv.DATABASE_URL;
  delete childEnv.MQTT_URL;
  delete childEnv.NODE_ENV;

  let output = '';
  let child: ChildProcess | null = null;
  let exited: Promise<unknown> = Promise.resolve();

  const halt = async () => {
    const running = child;
    if (running && running.exitCode === null && running.signalCode === null) {
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    child = null;
  };
  const stop = async () => {
    await halt();
    await rm(dataDir, { recursive: true, force: true });
  };

  const launch = async () => {
    const started = spawn(process.execPath, ['bin/smartcity.js', 'start', '--no-build'], {
      cwd: repo,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    started.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    started.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    exited = new Promise((resolve) => started.once('exit', resolve));

    const deadline = Date.now() + 180_000;
    for (;;) {
      if (started.exitCode !== null) {
        await stop();
        throw new Error(`server exited with code ${started.exitCode} before it was ready:\n${output}`);
      }
      try {
        const response = await fetch(`${url}/api/ready`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`server not ready after 180 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const runCommand = async (args: string[]) => {
    await halt();
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/smartcity.js', ...args], {
        cwd: repo,
        env: childEnv,
        timeout: 120_000,
      });
      return `${stdout}${stderr}`;
    } finally {
      await launch();
    }
  };

  await launch();
  return { url, output: () => output, runCommand, stop };
}
