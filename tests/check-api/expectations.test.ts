import { describe, expect, it } from 'vitest';
import { CheckFailure } from '../../src/check-api/check-failure';
import { expectAccepted, expectRejected, expectStatus } from '../../src/check-api/expectations';
import { describeThrown, settle, snapshotThrown } from '../../src/check-api/settle';

/** What an expectation failed with: it must fail with a CheckFailure. */
async function failure(run: Promise<unknown>): Promise<CheckFailure> {
  try {
    await run;
  } catch (error) {
    if (error instanceof CheckFailure) return error;
    throw error;
  }
  throw new Error('the expectation passed');
}

class JWTExpired extends Error {
  code = 'ERR_JWT_EXPIRED';
  claim = 'exp';
}
JWTExpired.prototype.name = 'JWTExpired';

const CLAIMS = { sub: 'user-alice', iss: 'https://as.example.test', scope: 'read' };

describe('settle', () => {
  it('snapshots what learner code returned or threw, sync or async', async () => {
    expect(await settle(async () => CLAIMS)).toEqual({ accepted: true, value: CLAIMS });
    const thrown = await settle(() => {
      throw new JWTExpired('"exp" claim timestamp check failed');
    });
    expect(thrown).toMatchObject({
      accepted: false,
      error: { isError: true, code: 'ERR_JWT_EXPIRED', claim: 'exp' },
    });
    expect(await settle(Promise.reject('nope'))).toMatchObject({
      accepted: false,
      error: { isError: false, value: 'nope' },
    });
  });
});

describe('describeThrown', () => {
  it("keeps the engine's own message, the learner's clue to what failed", async () => {
    const claims = undefined as unknown as { sub: string };
    const error = await failure(expectAccepted(() => claims.sub));
    expect(error.message).toBe(
      "expected: accepted; your code rejected it: it threw TypeError: Cannot read properties of undefined (reading 'sub')",
    );
  });

  it("words a Web API's failure as Node does, without Chromium's binding prefix", () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse('abc');
    } catch (thrown) {
      parsed = thrown;
    }
    const node = describeThrown(snapshotThrown(parsed));
    expect(node).toBe(`threw SyntaxError: Unexpected token 'a', "abc" is not valid JSON`);
    const chromium = new SyntaxError(
      `Failed to execute 'json' on 'Response': Unexpected token 'a', "abc" is not valid JSON`,
    );
    expect(describeThrown(snapshotThrown(chromium))).toBe(node);
    expect(describeThrown(snapshotThrown(new TypeError("Failed to construct 'URL': Invalid URL")))).toBe(
      'threw TypeError: Invalid URL',
    );
  });
});

describe('expectAccepted', () => {
  it('returns the snapshot when the code accepts and matches the shape', async () => {
    expect(await expectAccepted(() => Promise.resolve(CLAIMS), { sub: 'user-alice' })).toEqual(CLAIMS);
  });

  it('says what the code threw when it rejects', async () => {
    const error = await failure(
      expectAccepted(() => Promise.reject(new JWTExpired('"exp" claim timestamp check failed'))),
    );
    expect(error.code).toBe('ERR_CHECK_EXPECTED_ACCEPTED');
    expect(error.name).toBe('AssertionError');
    expect(error.message).toBe(
      'expected: accepted; your code rejected it: it threw JWTExpired (ERR_JWT_EXPIRED): "exp" claim timestamp check failed',
    );
  });

  it('keeps a diff only when two objects differ', async () => {
    const error = await failure(expectAccepted(async () => CLAIMS, { sub: 'user-bob' }));
    expect(error.showDiff).toBe(true);
    expect(error.expected).toEqual({ sub: 'user-bob' });
    expect(error.actual).toEqual({ sub: 'user-alice' });
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('never lets a returned value answer the assertion', async () => {
    const cheat = { asymmetricMatch: () => true };
    expect((await failure(expectAccepted(async () => cheat, { sub: 'user-alice' }))).code).toBe(
      'ERR_SNAPSHOT_MATCHER',
    );
  });
});

describe('expectRejected', () => {
  it('passes any rejection, or one with the required code and claim', async () => {
    await expectRejected(() => {
      throw new Error('no');
    });
    const error = await expectRejected(Promise.reject(new JWTExpired('late')), {
      code: 'ERR_JWT_EXPIRED',
      claim: 'exp',
    });
    expect(error.name).toBe('JWTExpired');
  });

  it('says what the code returned when it accepts', async () => {
    const error = await failure(expectRejected(async () => CLAIMS, { label: 'alg none' }));
    expect(error.message).toBe(
      'alg none: expected: rejected (any error); your code accepted it and returned { sub: "user-alice", iss: "https://as.example.test", scope: "read" }',
    );
  });

  it('names the code it got when the code differs', async () => {
    const error = await failure(
      expectRejected(Promise.reject(new JWTExpired('late')), { code: 'ERR_JWS_INVALID' }),
    );
    expect(error.message).toBe(
      'expected: rejected (an error with code ERR_JWS_INVALID); your code rejected it with ERR_JWT_EXPIRED, claim "exp": it threw JWTExpired (ERR_JWT_EXPIRED): late',
    );
  });

  it('cuts a long description at a piece boundary, never inside a word', async () => {
    const long = { a: 'x'.repeat(30), b: 'y'.repeat(30), c: 'z'.repeat(30), d: 'w'.repeat(30) };
    const error = await failure(expectRejected(async () => long));
    expect(error.message).toMatch(/, c: …$/);
  });
});

describe('expectStatus', () => {
  const challenge = (error: string) => ({ 'WWW-Authenticate': `Bearer realm="api", error="${error}"` });

  it('reads the status and challenge of a genuine Response', async () => {
    const response = await expectStatus(
      async () => new Response(null, { status: 401, headers: challenge('invalid_token') }),
      401,
      {
        error: 'invalid_token',
      },
    );
    expect(response.challenge).toEqual({
      scheme: 'bearer',
      params: { realm: 'api', error: 'invalid_token' },
    });
  });

  it('refuses a look-alike object', async () => {
    const error = await failure(
      expectStatus(async () => ({ status: 401, statusText: '', headers: {} }), 401),
    );
    expect(error.code).toBe('ERR_CHECK_EXPECTED_RESPONSE');
  });

  it('names the status and challenge it got', async () => {
    const error = await failure(
      expectStatus(
        async () => new Response(null, { status: 403, headers: challenge('insufficient_scope') }),
        401,
        {
          error: 'invalid_token',
        },
      ),
    );
    expect(error.message).toBe(
      'expected: status 401 with WWW-Authenticate error="invalid_token"; your code answered 403 with WWW-Authenticate: Bearer realm="api", error="insufficient_scope"',
    );
  });
});
