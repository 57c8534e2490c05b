import net from 'node:net';
import type { AppConfig } from '../../../platform/config.ts';
import { AppError } from '../../../platform/errors.ts';
import type { OrgService } from '../../org/index.ts';
import type { DevicesService } from '../devices/index.ts';
import type { Ingest } from '../ingest/index.ts';
import { ensureFleet, MAX_DEVICES } from './fleet.ts';
import { type Progress, runSimulation } from './run.ts';

export type { Progress } from './run.ts';

export type SimulateOptions = {
  devices: number;
  /** Readings per second, all devices together. */
  rate: number;
  seconds?: number;
  domains?: string[];
  /** `mqtt://host:port` of the broker; default MQTT_URL's host, else the embedded broker's port. */
  broker?: string;
  seed?: number;
  signal?: AbortSignal;
  onProgress?(progress: Progress): void;
  /** Told what the run does before it starts (broker, devices, in-process ingest). */
  onInfo?(line: { vi: string; en: string }): void;
};

const invalid = (vi: string, en: string) => new AppError('validation_failed', { vi, en });

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * `smartcity simulate` (docs/smart-urban.md, "Simulator"): simulated devices of the pilots publish
 * realistic readings over MQTT. With no broker given and none listening on the embedded port
 * (embedded mode with the server stopped), this process runs the broker and the ingest worker
 * itself, so the readings are stored all the same.
 */
export async function simulate(
  deps: { devices: DevicesService; org: OrgService; ingest: Ingest; config: AppConfig },
  options: SimulateOptions,
): Promise<Progress> {
  if (!Number.isInteger(options.devices) || options.devices < 1 || options.devices > MAX_DEVICES)
    throw invalid(
      `--devices phải từ 1 đến ${MAX_DEVICES}: mỗi thiết bị một kết nối MQTT, vì mỗi thiết bị chỉ được gửi vào chủ đề của chính nó.`,
      `--devices must be 1 to ${MAX_DEVICES}: one MQTT connection per device, as each device may publish only to its own topic.`,
    );
  if (!(options.rate > 0 && options.rate <= 100_000))
    throw invalid('--rate phải lớn hơn 0 và tối đa 100000.', '--rate must be above 0 and at most 100000.');
  if (options.seconds !== undefined && !(options.seconds > 0))
    throw invalid('--seconds phải lớn hơn 0.', '--seconds must be above 0.');
  let url = options.broker ?? null;
  if (url && !/^mqtts?:\/\/[^/]+/.test(url))
    throw invalid('--broker phải có dạng mqtt://máy:cổng.', '--broker must look like mqtt://host:port.');
  if (!url && deps.config.mqtt.url) {
    const external = new URL(deps.config.mqtt.url);
    external.username = '';
    external.password = '';
    url = external.toString();
  }
  let ownIngest = false;
  if (!url) {
    const port = deps.config.mqtt.embeddedPort;
    if (port && (await reachable('127.0.0.1', port))) url = `mqtt://127.0.0.1:${port}`;
    else ownIngest = true;
  }
  const seed = options.seed ?? 1;
  const fleet = await ensureFleet(deps, {
    devices: options.devices,
    seed,
    ...(options.domains ? { domains: options.domains } : {}),
  });
  if (ownIngest) {
    await deps.ingest.start();
    const broker = deps.ingest.broker;
    if (!broker) {
      await deps.ingest.stop();
      throw invalid(
        'Không có máy chủ MQTT: hãy chạy nền tảng hoặc chỉ định --broker.',
        'No MQTT broker: start the platform or give --broker.',
      );
    }
    url = broker.url;
    options.onInfo?.({
      vi: `Không thấy máy chủ MQTT đang chạy: tiến trình này tự chạy máy chủ nhúng và bộ thu nhận (${url}).`,
      en: `No MQTT broker running: this process runs the embedded broker and ingest worker (${url}).`,
    });
  }
  options.onInfo?.({
    vi: `${fleet.length} thiết bị mô phỏng, ${options.rate} bản ghi/giây tới ${url}`,
    en: `${fleet.length} simulated devices, ${options.rate} readings/s to ${url}`,
  });
  try {
    return await runSimulation(fleet, {
      url: url!,
      rate: options.rate,
      seed,
      ...(options.seconds !== undefined ? { seconds: options.seconds } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    // Stopping the worker lets it commit what it has read before the process ends.
    if (ownIngest) await deps.ingest.stop();
  }
}
