import { main as ckan } from './ckan.bench.ts';
import { main as datastore } from './datastore.bench.ts';
import { main as dti } from './dti.bench.ts';
import { main as http } from './http.bench.ts';
import { main as load } from './load.bench.ts';
import { main as planOverview } from './plan-overview.bench.ts';
import { main as services } from './services.bench.ts';
import { main as startup } from './startup.bench.ts';
import { main as urbanIngest } from './urban.bench.ts';
import { queryMain as urbanQuery, temporalMain as urbanTemporal } from './urban.queries.bench.ts';

/**
 * `npm run bench [name…] [-- --seconds N] [--think-ms N] [--devices N] [--publish-every N]`: runs the benchmarks
 * (all by default). Each prints ratios against a baseline measured in the same run and writes JSON to bench/results/.
 * Without `--seconds` each runs for its own default (10 s; `load`: 600 s).
 */
const benchmarks: Record<string, (seconds?: number) => Promise<void>> = {
  http,
  startup,
  'plan-overview': planOverview,
  datastore,
  ckan,
  services,
  'urban-ingest': urbanIngest,
  'urban-query': urbanQuery,
  'urban-temporal': urbanTemporal,
  dti,
  load,
};

const args = process.argv.slice(2);
const secondsFlag = args.indexOf('--seconds');
const seconds = secondsFlag >= 0 ? Number(args[secondsFlag + 1]) : undefined;
// `--think-ms N` is read by the services benchmark itself; `--devices N`, `--publish-every N` by the load one.
const valued = new Set(['--seconds', '--think-ms', '--devices', '--publish-every']);
const names = args.filter((arg, i) => !arg.startsWith('--') && !valued.has(args[i - 1] ?? ''));
// `load` (10 minutes, the whole platform) runs only when named.
const selected = names.length ? names : Object.keys(benchmarks).filter((name) => name !== 'load');

for (const name of selected) {
  const benchmark = benchmarks[name];
  if (!benchmark) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n## ${name}`);
  await benchmark(seconds);
}
