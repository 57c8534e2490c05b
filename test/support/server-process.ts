import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** The real server (`smartcity start`) as a child process, for tests of what only a process shows. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server with `env` and waits until `${url}/api/ready` answers; everything it prints goes
 * to `onOutput`. Gives up (with the output so far) if it exits or is not ready in time.
 */
export async function launchServer(
  env: NodeJS.ProcessEnv,
  url: string,
  onOutput: (chunk: string) => void,
  output: () => string,
): Promise<ChildProcess> {
  const started = spawn(process.execPath, ['bin/smartcity.js', 'start', '--no-build'], {
    cwd: path.resolve('.'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => onOutput(chunk.toString());
  started.stdout?.on('data', collect);
  started.stderr?.on('data', collect);
  const deadline = Date.now() + 280_000;
  for (;;) {
    if (started.exitCode !== null) throw new Error(`server exited (${started.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/api/ready`)).ok) return started;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      started.kill('SIGKILL');
      throw new Error(`server not ready:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Sends `signal` and waits for the process to exit (no-op when it already has). */
export async function stopProcess(child: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
