import { createHash, verify as verifySignatureBytes, X509Certificate } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import type { SigningIdentity } from './ca.ts';

/**
 * PAdES-style signing: an incremental signature dictionary (`ETSI.CAdES.detached`) whose
 * `/ByteRange` covers the whole file but the `/Contents` hole, holding a detached CMS (PKCS#7)
 * SignedData over those bytes (SHA-256, RSA) with the signer's certificate and chain. Not a full
 * PAdES baseline profile: no ESS signing-certificate-v2 attribute and no time-stamp token.
 */
export async function signPdf(
  pdf: Buffer,
  identity: SigningIdentity,
  input: { signerName: string; reason: string; location: string; signingTime: Date },
): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: input.reason,
    contactInfo: '',
    name: input.signerName,
    location: input.location,
    signingTime: input.signingTime,
    signatureLength: 16_384,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Hanoi smart-city platform',
  });
  const signer = new P12Signer(identity.p12, { passphrase: identity.passphrase });
  return new SignPdf().sign(withPlaceholder, signer, input.signingTime);
}

export type SignatureCheck =
  | { valid: true; signerSubject: string; signingTime: Date | null }
  | { valid: false; reason: { vi: string; en: string } };

const fail = (vi: string, en: string): SignatureCheck => ({ valid: false, reason: { vi, en } });

/** The last `/ByteRange [a b c d]` of the file and the hex `/Contents` it leaves out. */
function signedRanges(pdf: Buffer) {
  const text = pdf.toString('latin1');
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = matches.at(-1);
  if (!last) return null;
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b || c + d !== pdf.length) return { covered: false as const };
  const hole = text.slice(b, c);
  if (!/^<[0-9a-fA-F]*>$/.test(hole)) return { covered: false as const };
  return {
    covered: true as const,
    signed: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
    contents: Buffer.from(hole.slice(1, -1), 'hex'),
  };
}

/**
 * Verifies the PDF's embedded signature independently of the signing library: the CMS is parsed
 * with node-forge, the SHA-256 of the byte ranges is compared with the signed `messageDigest`,
 * the RSA signature over the signed attributes is checked with the signer's public key, and the
 * signer's certificate must be `expectedCertificatePem` (the agency's, recorded at issue) issued
 * by one of `trustAnchors`.
 */
export function verifyPdfSignature(
  pdf: Buffer,
  expectedCertificatePem: string,
  trustAnchors: string[],
): SignatureCheck {
  const ranges = signedRanges(pdf);
  if (!ranges) return fail('Tệp không có chữ ký số.', 'The file carries no digital signature.');
  if (!ranges.covered)
    return fail(
      'Chữ ký số không bao phủ toàn bộ tệp (tệp đã bị thêm hoặc cắt bớt nội dung).',
      'The digital signature does not cover the whole file (content was added or cut).',
    );
  let signerInfo: forge.asn1.Asn1;
  let certificates: forge.pki.Certificate[];
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(ranges.contents.toString('binary')), {
      parseAllBytes: false,
    } as unknown as boolean);
    const message = forge.pkcs7.messageFromAsn1(asn1) as forge.pkcs7.PkcsSignedData & {
      rawCapture: { signerInfos: forge.asn1.Asn1[] };
    };
    certificates = message.certificates;
    const infos = message.rawCapture.signerInfos;
    if (infos.length !== 1) throw new Error('expected one signer');
    signerInfo = infos[0]!;
  } catch {
    return fail(
      'Không đọc được chữ ký số (PKCS#7) trong tệp.',
      'The digital signature (PKCS#7) in the file cannot be read.',
    );
  }
  const parts = signerInfo.value as forge.asn1.Asn1[];
  const attributes = parts.find(
    (part) => part.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && part.type === 0,
  );
  const signature = parts.find(
    (part) => part.tagClass === forge.asn1.Class.UNIVERSAL && part.type === forge.asn1.Type.OCTETSTRING,
  );
  if (!attributes || !signature)
    return fail('Chữ ký số thiếu thuộc tính bắt buộc.', 'The digital signature lacks required attributes.');

  let messageDigest: string | null = null;
  let signingTime: Date | null = null;
  for (const attribute of attributes.value as forge.asn1.Asn1[]) {
    const [oid, set] = attribute.value as forge.asn1.Asn1[];
    const type = forge.asn1.derToOid(oid!.value as string);
    const value = (set!.value as forge.asn1.Asn1[])[0]!;
    if (type === forge.pki.oids.messageDigest) messageDigest = value.value as string;
    if (type === forge.pki.oids.signingTime) signingTime = forge.asn1.utcTimeToDate(value.value as string);
  }
  const digest = createHash('sha256').update(ranges.signed).digest();
  if (messageDigest === null || Buffer.from(messageDigest, 'binary').compare(digest) !== 0)
    return fail(
      'Nội dung tệp đã bị thay đổi sau khi ký: mã băm không khớp với chữ ký.',
      'The content was changed after signing: its digest does not match the signature.',
    );

  const expected = new X509Certificate(expectedCertificatePem);
  const signer = certificates.find((cert) => {
    const x509 = new X509Certificate(forge.pki.certificateToPem(cert));
    return x509.fingerprint256 === expected.fingerprint256;
  });
  if (!signer)
    return fail(
      'Tệp không được ký bằng chứng thư số của cơ quan cấp.',
      'The file was not signed with the issuing agency’s certificate.',
    );

  // The signature is over the DER of the signed attributes as a SET (tag 0x31, not [0]).
  const signedAttributes = Buffer.from(forge.asn1.toDer(attributes).getBytes(), 'binary');
  signedAttributes[0] = 0x31;
  const signatureOk = verifySignatureBytes(
    'sha256',
    signedAttributes,
    expected.publicKey,
    Buffer.from(signature.value as string, 'binary'),
  );
  if (!signatureOk)
    return fail(
      'Chữ ký số không hợp lệ với chứng thư của cơ quan cấp.',
      'The digital signature does not verify against the issuing agency’s certificate.',
    );
  const anchored = trustAnchors.some((pem) => {
    const anchor = new X509Certificate(pem);
    return expected.checkIssued(anchor) && expected.verify(anchor.publicKey);
  });
  if (!anchored)
    return fail(
      'Chứng thư số của cơ quan không do tổ chức chứng thực tin cậy cấp.',
      'The agency’s certificate was not issued by a trusted certificate authority.',
    );
  return { valid: true, signerSubject: expected.subject, signingTime };
}
