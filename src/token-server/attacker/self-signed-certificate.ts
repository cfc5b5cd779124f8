import { exportSPKI } from 'jose';
import type { PublishedKey } from './attacker';
import { derToPem, pemToDer } from './pem';
import {
  bitString,
  ecdsaSignatureDer,
  explicit,
  nullValue,
  objectIdentifier,
  sequence,
  set,
  unsignedInteger,
  utcTime,
  utf8String,
} from './der';
import { signRaw } from './raw-signature';

/** X.509 signature AlgorithmIdentifiers (RFC 4055 §5, RFC 5758 §3.2, RFC 8410 §3). */
const SIGNATURE_ALGORITHM: Partial<Record<PublishedKey['alg'], Uint8Array>> = {
  RS256: sequence(objectIdentifier('1.2.840.113549.1.1.11'), nullValue()),
  RS384: sequence(objectIdentifier('1.2.840.113549.1.1.12'), nullValue()),
  RS512: sequence(objectIdentifier('1.2.840.113549.1.1.13'), nullValue()),
  ES256: sequence(objectIdentifier('1.2.840.10045.4.3.2')),
  ES384: sequence(objectIdentifier('1.2.840.10045.4.3.3')),
  ES512: sequence(objectIdentifier('1.2.840.10045.4.3.4')),
  EdDSA: sequence(objectIdentifier('1.3.101.112')),
  Ed25519: sequence(objectIdentifier('1.3.101.112')),
};

const YEAR_MS = 365 * 86_400_000;

/**
 * A self-signed X.509 v3 certificate (RFC 5280 §4.1) for an attacker key, as PEM: what the attacker
 * host serves at an `x5u` URL. A verifier that imports it (jose `importX509`) gets the attacker's key.
 */
export async function selfSignedCertificate(
  key: PublishedKey,
  subject: string,
  notBefore: Date,
): Promise<string> {
  const algorithm = SIGNATURE_ALGORITHM[key.alg];
  if (!algorithm) throw new TypeError(`self-signed-certificate: no X.509 signature algorithm for ${key.alg}`);
  const name = sequence(set(sequence(objectIdentifier('2.5.4.3'), utf8String(subject))));
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, unsignedInteger(new Uint8Array([2]))),
    unsignedInteger(serial),
    algorithm,
    name,
    sequence(utcTime(notBefore), utcTime(new Date(notBefore.getTime() + YEAR_MS))),
    name,
    pemToDer(await exportSPKI(key.publicKey)),
  );
  const raw = await signRaw(key.alg, key.privateKey, tbs);
  const signature = key.alg.startsWith('ES') ? ecdsaSignatureDer(raw) : raw;
  return derToPem('CERTIFICATE', sequence(tbs, algorithm, bitString(signature)));
}
