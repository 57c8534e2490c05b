import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment, smartcity } from '../../../../test/support/cli.ts';

/** `smartcity devices add` as an operator runs it: the secret printed once, bad input refused. */
let env: Record<string, string>;
let cli: Awaited<ReturnType<typeof cliEnvironment>>;

beforeAll(async () => {
  cli = await cliEnvironment('devices-cli');
  ({ env } = cli);
});
afterAll(async () => {
  await cli?.dispose();
});

describe('smartcity devices add', { timeout: 180_000 }, () => {
  it('registers a device and prints its MQTT secret once; refuses a unit that is not a ward, commune or department', async () => {
    const added = await smartcity(
      [
        'devices',
        'add',
        '--id',
        'flood-cli-01',
        '--type',
        'FloodMonitoring',
        '--domain',
        'urban',
        '--unit',
        'comm-00070',
        '--lon',
        '105.85',
        '--lat',
        '21.03',
      ],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Entity: urn:ngsi-ld:FloodMonitoring:flood-cli-01');
    expect(added.stdout).toContain('MQTT topic: hanoi/urban/flood-cli-01/attrs');
    expect(added.stdout).toMatch(/MQTT secret \(hiển thị một lần \/ shown once\): [A-Za-z0-9_-]{32}\n/);

    const again = await smartcity(
      [
        'devices',
        'add',
        '--id',
        'flood-cli-01',
        '--type',
        'FloodMonitoring',
        '--domain',
        'urban',
        '--unit',
        'comm-00070',
      ],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const city = await smartcity(
      [
        'devices',
        'add',
        '--id',
        'flood-cli-02',
        '--type',
        'FloodMonitoring',
        '--domain',
        'urban',
        '--unit',
        'hanoi',
      ],
      env,
    );
    expect(city.code).toBe(1);
    expect(city.stderr).toContain('Ward, commune or department');
  });
});
