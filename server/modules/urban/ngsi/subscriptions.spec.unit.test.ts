import { describe, expect, it } from 'vitest';
import { NgsiError } from './errors.ts';
import { assertDeliverable, checkEndpoint, isPrivateAddress } from './subscriptions.spec.ts';
import { parseDurationSeconds } from './temporal.params.ts';

/** Where notifications may go (SSRF) and which aggregation periods exist. */
describe('notification endpoints', () => {
  it('classify private, loopback and link-local addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['8.8.8.8', '172.32.0.1', '203.113.131.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('accept http(s) anywhere outside production, and refuse internal hosts in production unless listed', async () => {
    const dev = { production: false, allowedHosts: [] };
    const prod = { production: true, allowedHosts: ['10.0.0.5'] };
    expect(checkEndpoint('http://127.0.0.1:9000/n', dev)).toBe('http://127.0.0.1:9000/n');
    for (const uri of [
      'http://127.0.0.1/n',
      'http://localhost:8080/n',
      'http://[::1]/n',
      'https://169.254.169.254/latest',
    ])
      expect(() => checkEndpoint(uri, prod), uri).toThrow(NgsiError);
    expect(checkEndpoint('http://10.0.0.5/n', prod)).toBe('http://10.0.0.5/n');
    expect(checkEndpoint('https://example.org/n', prod)).toBe('https://example.org/n');
    for (const uri of ['ftp://example.org/', 'file:///etc/passwd', 'http://u:p@example.org/', 'not a url'])
      expect(() => checkEndpoint(uri, dev), uri).toThrow(NgsiError);
    expect(() => checkEndpoint('http://localhost./n', prod)).toThrow(NgsiError);
    // At delivery the addresses a name resolves to count, whatever the name looks like.
    await expect(
      assertDeliverable('http://localhost/n', { production: true, allowedHosts: [] }),
    ).rejects.toThrow(NgsiError);
    await expect(assertDeliverable('http://10.0.0.5/n', prod)).resolves.toBeUndefined();
  });
});

describe('aggregation periods', () => {
  it('reads fixed-length ISO 8601 durations and refuses the rest', () => {
    expect(parseDurationSeconds('PT1H')).toBe(3600);
    expect(parseDurationSeconds('P1D')).toBe(86_400);
    expect(parseDurationSeconds('P1W')).toBe(604_800);
    expect(parseDurationSeconds('P1DT12H30M15S')).toBe(86_400 + 12 * 3600 + 30 * 60 + 15);
    for (const bad of ['P', 'PT', '1H', 'PT0S', 'P400D', 'PT1.5H', 'P1M', 'P1Y'])
      expect(() => parseDurationSeconds(bad), bad).toThrow(NgsiError);
    expect(() => parseDurationSeconds('P1M')).toThrow(/months or years/);
  });
});
