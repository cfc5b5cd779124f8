/** PEM (RFC 7468): DER bytes as base64 between `-----BEGIN <label>-----` and `-----END <label>-----` lines. */

/** The DER bytes of a PEM text, whatever its label (`PUBLIC KEY`, `CERTIFICATE`…). */
export function pemToDer(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}

/** DER bytes as PEM with `label`, 64 base64 characters a line (RFC 7468 §2). */
export function derToPem(label: string, der: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...der));
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END ${label}-----\n`;
}
