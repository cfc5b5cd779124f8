import { base64url, SignJWT, type JWTPayload } from 'jose';

/** The instant every fact is checked at: the labs' virtual clock start. */
export const NOW = new Date('2026-01-01T00:00:00Z');
export const NOW_S = Math.floor(NOW.getTime() / 1000);

/** A 256-bit HMAC key as raw bytes (facts about HS256 behaviour). */
export const HS_KEY = new TextEncoder().encode('0123456789abcdef0123456789abcdef');

type Fact = () => Promise<void>;
export type FactBook = Record<string, Fact>;

export const encodeJson = (value: unknown): string => base64url.encode(JSON.stringify(value));

export function hs256(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).sign(HS_KEY);
}

/** Runs `fn` and returns the thrown value, failing the fact when nothing was thrown. */
export async function rejection(
  fn: () => Promise<unknown>,
): Promise<{ code?: string; claim?: string; reason?: string; name?: string }> {
  try {
    await fn();
  } catch (error) {
    return error as {
      code?: string;
      claim?: string;
      reason?: string;
      name?: string;
    };
  }
  throw new Error('expected a rejection, but the call resolved');
}
