import { setTimeout as sleep } from 'node:timers/promises';
import { completeAnswers } from '../test/support/forms.ts';
import { serveTasks } from './support.ts';

/**
 * The citizens' side of bench/services.bench.ts, run in a child process so the client's CPU is not
 * counted as (nor competes in the event loop of) the server's. Plain HTTP with the citizens' session
 * cookies; it answers one task at a time: a warm-up application per citizen, or a measured phase.
 */
export type LoadTask = {
  kind: 'warmup' | 'health' | 'journey';
  base: string;
  users: Record<string, string>[];
  seconds: number;
  /** 0: closed loop (saturation); else the mean pause between steps, jittered ±50 % uniformly. */
  thinkMs: number;
  procedure: string;
  providers: number;
};

export type LoadAnswer = {
  samples: Record<string, number[]>;
  journeys: number;
  failures: number;
  firstFailure: string;
  elapsedS: number;
  /** CPU of this process (the load generator) over the phase. */
  cpuMs: number;
};

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API, read as they come.
type Json = Record<string, any>;

/** A minimal PDF for the required attachments. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');

async function call(
  base: string,
  headers: Record<string, string>,
  method: string,
  url: string,
  body?: unknown,
) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) {
    const problem = JSON.parse(text) as { code?: string; errors?: unknown };
    throw new Error(
      `${method} ${url} → ${response.status} ${problem.code}: ${JSON.stringify(problem.errors ?? '').slice(0, 300)}`,
    );
  }
  return text ? (JSON.parse(text) as Json) : {};
}

/** Opens the pre-filled form (draft + consent); returns it with how many providers pre-filled it. */
async function open(task: LoadTask, user: Record<string, string>) {
  const draft = await call(task.base, user, 'POST', '/api/services/drafts', {
    procedureCode: task.procedure,
    fresh: true,
  });
  const filled = await call(task.base, user, 'POST', `/api/services/drafts/${draft.id}/consent`, {
    accept: true,
  });
  const providers = new Set(Object.values(filled.prefill ?? {}).map((value) => (value as Json).serviceId));
  return { id: draft.id as string, filled, providers: providers.size };
}

async function submit(task: LoadTask, user: Record<string, string>, id: string, filled: Json) {
  const attachments = (filled.form.attachments as Json[])
    .filter((attachment) => attachment.required === true)
    .map((attachment) => ({ key: attachment.key, filename: `${attachment.key}.pdf`, contentBase64: PDF }));
  await call(task.base, user, 'POST', `/api/services/drafts/${id}/submit`, {
    answers: completeAnswers(filled),
    attachments,
  });
}

const timed = async (action: () => Promise<unknown>) => {
  const started = performance.now();
  await action();
  return performance.now() - started;
};

async function runTask(task: LoadTask): Promise<LoadAnswer> {
  const samples: Record<string, number[]> = {};
  const record = (phase: string, ms: number) => {
    samples[phase] ??= [];
    samples[phase].push(ms);
  };
  let journeys = 0;
  let failures = 0;
  let firstFailure = '';
  const cpu = process.cpuUsage();
  const started = performance.now();
  // Uniform in [0.5, 1.5] × the mean, so the users drift apart instead of marching in step.
  const think = () => (task.thinkMs > 0 ? sleep(task.thinkMs * (0.5 + Math.random())) : Promise.resolve());

  if (task.kind === 'warmup') {
    // One unmeasured application each: the phone typed there is what earlier dossiers give back.
    for (const user of task.users) {
      const form = await open(task, user);
      await submit(task, user, form.id, form.filled);
    }
  } else {
    const until = started + task.seconds * 1000;
    await Promise.all(
      task.users.map(async (user) => {
        // Staggered start: otherwise all users would open at the same instant.
        if (task.thinkMs > 0) await sleep(Math.random() * task.thinkMs);
        while (performance.now() < until) {
          try {
            if (task.kind === 'health') {
              // The bare-route baseline: one request in place of each step, with the same pauses.
              record('health', await timed(() => call(task.base, {}, 'GET', '/api/health')));
            } else {
              let form: Awaited<ReturnType<typeof open>> | undefined;
              const openMs = await timed(async () => {
                form = await open(task, user);
              });
              if (!form || form.providers < task.providers)
                throw new Error(
                  `the form was pre-filled by ${form?.providers} providers, not ${task.providers}`,
                );
              record('open', openMs);
              await think();
              const filled = form;
              record('submit', await timed(() => submit(task, user, filled.id, filled.filled)));
              journeys++;
            }
          } catch (error) {
            failures++;
            firstFailure ||= (error as Error).message;
          }
          if (performance.now() < until) await think();
        }
      }),
    );
  }
  const used = process.cpuUsage(cpu);
  return {
    samples,
    journeys,
    failures,
    firstFailure,
    elapsedS: (performance.now() - started) / 1000,
    cpuMs: (used.user + used.system) / 1000,
  };
}

serveTasks(runTask);
