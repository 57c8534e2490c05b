// A tiny external data provider for the exchange tests, run as a separate process:
// `node test/support/exchange-provider.mjs` with PROVIDER_AGENCY_ID and PLATFORM_URL set.
// It makes its own Ed25519 key pair, prints `{"port":…,"publicJwk":…}` on one line, and answers
// POST requests whose body is a JWS signed by an exchange member (keys from PLATFORM_URL's JWKS)
// with a JWS signed by its own key. Paths: /person answers honestly; /tampered alters the signed
// payload after signing; /wrong-key signs with a key it never registered.
import http from 'node:http';
import {
  CompactSign,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';

const agencyId = process.env.PROVIDER_AGENCY_ID;
const platformUrl = process.env.PLATFORM_URL;
if (!agencyId || !platformUrl) {
  console.error('PROVIDER_AGENCY_ID and PLATFORM_URL are required');
  process.exit(2);
}

const own = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
const stray = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
const kid = `${agencyId}#external-1`;
const publicJwk = { ...(await exportJWK(own.publicKey)), kid, alg: 'EdDSA', use: 'sig' };

/** What this provider knows about a person: derived from the id, so the test can check it. */
const knownValue = (item, personalId) =>
  ({
    'person.phone': `09${personalId.slice(-8)}`,
    'person.email': `cd${personalId.slice(-6)}@example.vn`,
    'residence.fileNumber': `HS-${personalId.slice(-6)}`,
    'person.legalRepresentative.fullName': 'Nguyễn Văn Đại Diện',
  })[item];

async function verifyRequest(jws) {
  const header = decodeProtectedHeader(jws);
  const response = await fetch(`${platformUrl}/api/exchange/jwks`);
  const { keys } = await response.json();
  const jwk = keys.find((key) => key.kid === header.kid);
  if (!jwk) throw new Error('unknown signer');
  const { payload } = await compactVerify(jws, await importJWK(jwk, 'EdDSA'), { algorithms: ['EdDSA'] });
  const claims = JSON.parse(new TextDecoder().decode(payload));
  if (!String(jwk.kid).startsWith(`${claims.iss}#`)) throw new Error('signer is not the issuer');
  if (!String(claims.aud).startsWith(`HN/GOV/${agencyId}/`))
    throw new Error('not addressed to this provider');
  return claims;
}

const sign = (key, signingKid, payload) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: signingKid, typ: 'hn-exchange+jws' })
    .sign(key);

const server = http.createServer(async (request, response) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = Buffer.concat(chunks).toString('utf8').trim();
  let claims;
  try {
    if (request.method !== 'POST') throw new Error('POST only');
    claims = await verifyRequest(body);
  } catch (error) {
    response.writeHead(401, { 'content-type': 'text/plain' }).end(String(error.message));
    return;
  }
  const values = {};
  const updatedAt = {};
  for (const item of claims.items) {
    const value = knownValue(item, claims.sub);
    if (value === undefined) continue;
    values[item] = value;
    updatedAt[item] = '2026-01-15T02:00:00.000Z';
  }
  const answer = {
    iss: agencyId,
    aud: claims.iss,
    sub: claims.sub,
    in_reply_to: claims.jti,
    service: claims.aud,
    values,
    updated_at: updatedAt,
    iat: Math.floor(Date.now() / 1000),
  };
  let jws;
  if (request.url === '/wrong-key') jws = await sign(stray.privateKey, kid, answer);
  else jws = await sign(own.privateKey, kid, answer);
  if (request.url === '/tampered') {
    const [header, , signature] = jws.split('.');
    const altered = { ...answer, values: Object.fromEntries(Object.keys(values).map((k) => [k, 'ĐÃ SỬA'])) };
    jws = `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
  }
  response.writeHead(200, { 'content-type': 'application/jose' }).end(jws);
});

server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port, publicJwk }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
