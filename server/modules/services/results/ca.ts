import { createCipheriv, createDecipheriv, generateKeyPairSync, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import forge from 'node-forge';
import type { Database } from '../../../platform/db/database.ts';
import { getOrCreateSecret } from '../../../platform/secrets.ts';
import type { ResultsTables } from './results.tables.ts';

/**
 * Who signs results. An agency signs with its own certificate; the deployment decides where that
 * certificate comes from. Embedded mode uses a demo certificate authority kept in the database
 * (`createDemoAuthority`); a production deployment implements the same type over the agencies'
 * real certificates (a PKCS#12 file per agency from a hardware module or the government CA).
 */
export type SigningIdentity = {
  /** PKCS#12 holding the agency's private key, its certificate and the chain. */
  p12: Buffer;
  passphrase: string;
  certificatePem: string;
};

export type SigningAuthority = {
  /** True for the demo CA: every screen and API answer that shows a signature says so. */
  demo: boolean;
  label: { vi: string; en: string };
  /** The agency's signing identity, created on first use by the demo CA. */
  identityFor(agency: { id: string; nameVi: string; nameEn: string }): Promise<SigningIdentity>;
  /** Certificates trusted as issuers of agency certificates (PEM). */
  trustAnchors(): Promise<string[]>;
};

const DEMO_CA_LABEL = {
  vi: 'CA THỬ NGHIỆM (DEMO) — không phải tổ chức chứng thực thật; chữ ký chỉ có giá trị minh họa',
  en: 'DEMO CA — not a real certificate authority; signatures are for demonstration only',
};

const DEMO_ORGANISATION = 'DEMO - not a real CA (Hanoi smart-city platform)';
const ROOT_ID = '@root';

/** Private keys at rest: AES-256-GCM under a key the platform generates once and shares. */
function createKeySeal(database: Database) {
  let key: Promise<Buffer> | null = null;
  const loadKey = () => {
    key ??= getOrCreateSecret(database, 'services.results.key-seal', () =>
      randomBytes(32).toString('base64'),
    ).then((value) => Buffer.from(value, 'base64'));
    return key;
  };
  return {
    async seal(plain: string): Promise<string> {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await loadKey(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    async open(sealed: string): Promise<string> {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unrecognised sealed key');
      const decipher = createDecipheriv('aes-256-gcm', await loadKey(), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/** An RSA key from Node's native generator (node-forge's pure-JS one takes seconds). */
function newKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    publicKey: forge.pki.publicKeyFromPem(publicKey),
  };
}

const utf8 = (shortName: string, value: string) => ({
  shortName,
  value, // forge encodes UTF8String values itself
  valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
});

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f; // positive
  return bytes.toString('hex');
}

function rootCertificate(now: Date) {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 20 * 365 * 86_400_000);
  const subject = [
    utf8('CN', 'DEMO Hanoi City Root CA - NOT A REAL CA'),
    utf8('O', DEMO_ORGANISATION),
    { shortName: 'C', value: 'VN' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, privateKey: keys.privateKey };
}

function agencyCertificate(
  agency: { id: string; nameVi: string; nameEn: string },
  root: { cert: forge.pki.Certificate; privateKey: forge.pki.rsa.PrivateKey },
  now: Date,
) {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * 86_400_000);
  cert.setSubject([
    utf8('CN', `${agency.nameVi} (DEMO)`),
    utf8('OU', agency.id),
    utf8('O', DEMO_ORGANISATION),
    { shortName: 'C', value: 'VN' },
  ]);
  cert.setIssuer(root.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: root.cert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(root.privateKey, forge.md.sha256.create());
  return { cert, privateKey: keys.privateKey };
}

/**
 * The demo certificate authority: a city root and one signing certificate per agency, made when
 * first needed and kept in `services.result_signing_keys` (private keys sealed), so every instance
 * sharing the database signs with the same certificates. Concurrent first uses settle on one row.
 */
export function createDemoAuthority(database: Database, now: () => Date): SigningAuthority {
  const db = database.db as unknown as Kysely<ResultsTables>;
  const seal = createKeySeal(database);
  const cache = new Map<
    string,
    Promise<{ cert: forge.pki.Certificate; privateKey: forge.pki.rsa.PrivateKey }>
  >();

  const load = async (holder: string) => {
    const row = await db
      .selectFrom('services.result_signing_keys')
      .selectAll()
      .where('holder', '=', holder)
      .executeTakeFirst();
    if (!row) return null;
    return {
      cert: forge.pki.certificateFromPem(row.certificate_pem),
      privateKey: forge.pki.privateKeyFromPem(
        await seal.open(row.private_key_sealed),
      ) as forge.pki.rsa.PrivateKey,
    };
  };

  const getOrCreate = (
    holder: string,
    kind: 'root' | 'agency',
    make: () => Promise<{ cert: forge.pki.Certificate; privateKey: forge.pki.rsa.PrivateKey }>,
  ) => {
    let pending = cache.get(holder);
    if (!pending) {
      pending = (async () => {
        const existing = await load(holder);
        if (existing) return existing;
        const made = await make();
        await sql`insert into services.result_signing_keys (holder, kind, certificate_pem, private_key_sealed, created_at)
          values (${holder}, ${kind}, ${forge.pki.certificateToPem(made.cert)},
                  ${await seal.seal(forge.pki.privateKeyToPem(made.privateKey))}, ${now()})
          on conflict (holder) do nothing`.execute(database.db);
        return (await load(holder))!;
      })();
      pending.catch(() => cache.delete(holder));
      cache.set(holder, pending);
    }
    return pending;
  };

  const root = () => getOrCreate(ROOT_ID, 'root', async () => rootCertificate(now()));
  const identities = new Map<string, Promise<SigningIdentity>>();

  return {
    demo: true,
    label: DEMO_CA_LABEL,
    identityFor(agency) {
      let identity = identities.get(agency.id);
      if (!identity) {
        identity = makeIdentity(agency);
        identity.catch(() => identities.delete(agency.id));
        identities.set(agency.id, identity);
      }
      return identity;
    },
    async trustAnchors() {
      return [forge.pki.certificateToPem((await root()).cert)];
    },
  };

  async function makeIdentity(agency: {
    id: string;
    nameVi: string;
    nameEn: string;
  }): Promise<SigningIdentity> {
    const rootPair = await root();
    const pair = await getOrCreate(agency.id, 'agency', async () =>
      agencyCertificate(agency, rootPair, now()),
    );
    const passphrase = randomBytes(16).toString('hex');
    const p12 = forge.pkcs12.toPkcs12Asn1(pair.privateKey, [pair.cert, rootPair.cert], passphrase, {
      algorithm: 'aes256',
    });
    return {
      p12: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'),
      passphrase,
      certificatePem: forge.pki.certificateToPem(pair.cert),
    };
  }
}
