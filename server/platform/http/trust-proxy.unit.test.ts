import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createHttpServer } from './server.ts';

/** The client address the platform sees for a request from 127.0.0.1 carrying X-Forwarded-For. */
async function clientAddress(TRUST_PROXY: string, forwardedFor: string) {
  const server = await createHttpServer({
    logLevel: 'silent',
    trustProxy: loadConfig({ TRUST_PROXY }).trustProxy,
    publicUrl: 'http://localhost:3999',
    version: 'test',
    resolvePrincipal: async () => ({ kind: 'anonymous' }),
  });
  server.get('/ip', { config: { access: 'public' } }, async (request) => ({ ip: request.ip }));
  try {
    const answer = await server.inject({ url: '/ip', headers: { 'x-forwarded-for': forwardedFor } });
    return (answer.json() as { ip: string }).ip;
  } finally {
    await server.close();
  }
}

describe('TRUST_PROXY', () => {
  it('reads off, every hop, a number of hops or proxy addresses, and names the variable otherwise', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
    for (const bad of ['maybe', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/2', '-1', '100'])
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });

  it('takes the address the trusted proxy saw, not one the client prepended', async () => {
    const spoofed = '6.6.6.6, 203.0.113.7'; // the client wrote 6.6.6.6; nginx appended what it saw
    expect(await clientAddress('false', spoofed)).toBe('127.0.0.1');
    expect(await clientAddress('1', spoofed)).toBe('203.0.113.7');
    expect(await clientAddress('127.0.0.1', spoofed)).toBe('203.0.113.7');
    expect(await clientAddress('10.0.0.0/8', spoofed)).toBe('127.0.0.1'); // not from a trusted proxy
    // Every hop believed: the client's own claim wins — why `true` is only for closed networks.
    expect(await clientAddress('true', spoofed)).toBe('6.6.6.6');
  });
});
