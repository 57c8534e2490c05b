import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { isoDateInHanoi } from '../../../server/platform/clock.ts';
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

/** The demo data every browser suite starts with, unless the suite's own `env` says otherwise. */
const demoEnv = { DEMO_DATA: 'true', DEMO_POPULATION: '500' };

function serverEnv(dataDir: string, port: number, env: Record<string, string>): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...demoEnv,
    PORT: String(port),
    HOST: 'localhost',
    PUBLIC_URL: `http://localhost:${port}`,
    // Other test servers may run at the same time: the embedded MQTT broker takes any free port.
    MQTT_EMBEDDED_PORT: '0',
    ...env,
  };
  // The browser tests always run the embedded mode, whatever the surrounding shell points at.
  delete childEnv.DATABASE_URL;
  delete childEnv.MQTT_URL;
  delete childEnv.NODE_ENV;
  return childEnv;
}

/**
 * A data directory seeded once per run (demo-template.global.ts). Its PUBLIC_URL is in what the
 * seed stores (the demo result's PDF carries its verification link), so a copy is served on the
 * same port; the day it was seeded on, because demo seeds are relative to today.
 */
export type DemoTemplate = { dataDir: string; port: number; seededOn: string };

const seededOn = (now: Date) => `${now.toISOString().slice(0, 10)}/${isoDateInHanoi(now)}`;

/** `smartcity seed-demo` over `dataDir` with the browser suites' demo settings. */
export async function seedDemoTemplate(dataDir: string): Promise<DemoTemplate> {
  const port = await freePort();
  const day = seededOn(new Date());
  await promisify(execFile)(process.execPath, ['bin/smartcity.js', 'seed-demo'], {
    cwd: repo,
    env: serverEnv(dataDir, port, {}),
    timeout: 240_000,
  });
  return { dataDir, port, seededOn: day };
}

/**
 * The run's seeded template when it gives this suite what a fresh seed would: the same demo settings,
 * no clock already shifted at start-up (a missing offset file reads as no shift), seeded today.
 */
function templateFor(env: Record<string, string>): DemoTemplate | null {
  const template = inject('e2eDemoTemplate');
  if (!template || !existsSync(template.dataDir)) return null;
  if (
    Object.entries(env).some(
      ([key, value]) => key in demoEnv && demoEnv[key as keyof typeof demoEnv] !== value,
    )
  )
    return null;
  if (env.CLOCK_OFFSET_FILE && existsSync(env.CLOCK_OFFSET_FILE)) return null;
  return template.seededOn === seededOn(new Date()) ? template : null;
}

/** Whether nothing listens on `port` now (the previous suite's server has stopped). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, 'localhost', () => probe.close(() => resolve(true)));
  });
}

class PortTaken extends Error {}

/**
 * The real platform as a user starts it (`smartcity start`), embedded mode with demo data, over a
 * copy of the run's seeded template on its port, or (when the suite needs other demo settings, or
 * the port is taken) on a free port over a fresh data directory that it seeds itself; resolves once
 * `/api/ready` answers 200.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  await ensureWebBuilt();
  const template = templateFor(env);
  if (template && (await portIsFree(template.port))) {
    try {
      return await startOn(template.port, template.dataDir, env);
    } catch (error) {
      // Someone took the port between the probe and the listen: start the slow way.
      if (!(error instanceof PortTaken)) throw error;
    }
  }
  return startOn(await freePort(), null, env);
}

async function startOn(port: number, template: string | null, env: Record<string, string>) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartcity-e2e-'));
  if (template) await cp(template, dataDir, { recursive: true });
  const url = `http://localhost:${port}`;
  const childEnv = serverEnv(dataDir, port, env);

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
        const message = `server exited with code ${started.exitCode} before it was ready:\n${output}`;
        throw template && output.includes('EADDRINUSE') ? new PortTaken(message) : new Error(message);
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
