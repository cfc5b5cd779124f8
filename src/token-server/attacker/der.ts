/** Just enough DER (ITU-T X.690) to write a self-signed certificate for the attacker's `x5u`. */

function length(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = concat(...contents);
  return concat(new Uint8Array([tag, ...length(body.length)]), body);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const sequence = (...items: Uint8Array[]) => tlv(0x30, ...items);
export const set = (...items: Uint8Array[]) => tlv(0x31, ...items);
export const explicit = (n: number, item: Uint8Array) => tlv(0xa0 | n, item);
export const nullValue = () => new Uint8Array([0x05, 0x00]);
export const utf8String = (text: string) => tlv(0x0c, new TextEncoder().encode(text));
export const bitString = (bytes: Uint8Array) => tlv(0x03, new Uint8Array([0]), bytes);

/** A non-negative INTEGER from big-endian magnitude bytes (leading zeros dropped, sign byte added). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const needsSign = (trimmed[0] ?? 0) >= 0x80;
  return tlv(0x02, needsSign ? concat(new Uint8Array([0]), trimmed) : trimmed);
}

export function objectIdentifier(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(bytes));
}

/** UTCTime YYMMDDHHMMSSZ (RFC 5280 §4.1.2.5.1: dates through 2049). */
export function utcTime(date: Date): Uint8Array {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, new TextEncoder().encode(text));
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 §2.2.3) from the raw R‖S form. */
export function ecdsaSignatureDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return sequence(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}
