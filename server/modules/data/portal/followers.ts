import type { Logger } from 'pino';
import { toCsv } from './csv.ts';
import type { TableSchema } from './datastore.contract.ts';
import type { SeedDataset, SeedFile } from './seeds.ts';

/** Builds a follower's dataset from its module's data; `null` while there is nothing to publish. */
export type FollowerBuilder = () => Promise<SeedDataset | null>;

type Ensure = (seed: SeedDataset) => Promise<string>;

/**
 * Datasets other modules contribute (late registration by the composition root): refreshed with the
 * portal's own followers at start-up and by the daily job. One follower failing does not stop the others.
 */
export function createFollowers(log: Logger) {
  const builders = new Map<string, FollowerBuilder>();
  return {
    register(name: string, build: FollowerBuilder) {
      // A wiring mistake of the composition root, not a user error.
      if (builders.has(name)) throw new Error(`open-data follower "${name}" registered twice`);
      builders.set(name, build);
    },
    async refresh(ensure: Ensure): Promise<Record<string, string>> {
      const outcomes: Record<string, string> = {};
      for (const [name, build] of builders) {
        try {
          const seed = await build();
          if (seed) outcomes[seed.fields.name] = await ensure(seed);
        } catch (error) {
          log.warn({ err: error, follower: name }, 'open-data follower not refreshed');
          outcomes[name] = 'failed';
        }
      }
      return outcomes;
    },
  };
}

/** A CSV file with its Table Schema (loaded into the DataStore), columns in the schema's order. */
export function csvSeedFile(file: {
  name: string;
  filename: string;
  description: string;
  schema: TableSchema;
  rows: (string | number | boolean | null | undefined)[][];
  licenseId?: string;
}): SeedFile {
  return {
    name: file.name,
    filename: file.filename,
    description: file.description,
    schema: file.schema,
    content: toCsv(
      file.schema.fields.map((f) => f.name),
      file.rows,
    ),
    ...(file.licenseId ? { licenseId: file.licenseId } : {}),
  };
}
