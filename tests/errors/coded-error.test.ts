import { globSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../src/errors/coded-error';
import { LabError } from '../../src/lab-format/lab-error';
import { RunContextError } from '../../src/check-api/run-context';
import { CheckFailure } from '../../src/check-api/check-failure';
import { AttackError } from '../../src/token-server/attacker/catalogue';
import { DpopError } from '../support/reference-dpop';
import { IntrospectionError } from '../../src/token-server/microservices/introspection-policy';
import { KeyError } from '../../src/token-server/keys/key-error';
import { ClockError } from '../../src/token-server/clock';
import { LabNetworkError } from '../../src/token-server/network/no-network-error';
import { OAuthError, oauthErrorResponse } from '../../src/token-server/errors';
import { UnsupportedCheckError } from '../../src/grading/core/mini-vitest/suite-collector';
import { ContentValidationError } from '../../src/content-validation/content-problem';
import { InspectionError } from '../../src/elements/token-inspector/inspection';
import { ForLearnerError } from '../../src/check-api/for-learner';
import { RunSeedError } from '../../src/grading/core/run-seed';

const instances: [string, Error & { code: string }, readonly string[]][] = [
  ['LabError', new LabError('ERR_LAB_NOT_FOUND', 'labs/x', 'no such lab'), LabError.codes],
  ['RunContextError', new RunContextError('labClock()'), RunContextError.codes],
  ['AssertionError', new CheckFailure('ERR_SNAPSHOT_CYCLE', 'cycle'), CheckFailure.codes],
  ['AttackError', new AttackError('ERR_ATTACK_UNKNOWN', 'no attack'), AttackError.codes],
  ['DpopError', new DpopError('ERR_DPOP_REPLAY', 'used'), DpopError.codes],
  ['IntrospectionError', new IntrospectionError('ERR_HOP_AUDIENCE', 'aud'), IntrospectionError.codes],
  ['KeyError', new KeyError('ERR_KEY_RETIRED', 'retired'), KeyError.codes],
  ['ClockError', new ClockError('ERR_CLOCK_INVALID_DATE', 'bad date'), ClockError.codes],
  ['OAuthError', new OAuthError('invalid_grant', 'used'), OAuthError.codes],
  ['UnsupportedCheckError', new UnsupportedCheckError('test.each'), UnsupportedCheckError.codes],
  ['ContentValidationError', new ContentValidationError([]), ContentValidationError.codes],
  ['InspectionError', new InspectionError('ERR_JSON', 'not JSON', 'header'), InspectionError.codes],
  ['ForLearnerError', new ForLearnerError('ERR_FOR_LEARNER_TOO_DEEP', 'deep'), ForLearnerError.codes],
  ['RunSeedError', new RunSeedError('ERR_RUN_SEED_INVALID', 'bad seed'), RunSeedError.codes],
];

describe('CodedError', () => {
  it.each(instances)('%s carries one of its ERR_* codes and names itself', (name, error, codes) => {
    expect(error).toBeInstanceOf(CodedError);
    expect(error.name).toBe(name);
    expect(codes).toContain(error.code);
    for (const code of codes) expect(code).toMatch(/^ERR_[A-Z0-9_]+$/);
  });

  it('keeps the cause it is given', () => {
    const cause = new Error('underneath');
    expect(new AttackError('ERR_ATTACK_UNKNOWN', 'x', { cause }).cause).toBe(cause);
  });

  it('leaves the fetch failure a TypeError, with the same coded shape', () => {
    const error = new LabNetworkError('ERR_LAB_NO_NETWORK', 'no network');
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ name: 'LabNetworkError', code: 'ERR_LAB_NO_NETWORK' });
    expect(LabNetworkError.codes).toContain(error.code);
  });

  it('sends an OAuth error with its registered wire value, not its internal code', async () => {
    const error = new OAuthError('invalid_grant', 'refresh token already used');
    expect(error.code).toBe('ERR_OAUTH_INVALID_GRANT');
    expect(error.error).toBe('invalid_grant');
    const response = oauthErrorResponse(error);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'refresh token already used',
    });
  });

  it('is the only base: no other class in src/ extends a built-in error', () => {
    const offenders = globSync('src/**/*.{ts,tsx}')
      .filter((file) => !file.endsWith('.test.ts'))
      .filter((file) =>
        /class \w+[^{]*? extends (Error|TypeError|RangeError|SyntaxError)\b/.test(readFileSync(file, 'utf8')),
      )
      .sort();
    expect(offenders).toEqual(['src/errors/coded-error.ts', 'src/token-server/network/no-network-error.ts']);
  });

  it('is the only way to give a thrown error a code: no built-in error gets one pasted on', () => {
    const offenders = globSync('src/**/*.{ts,tsx}')
      .filter((file) => /Object\.assign\(\s*new \w*Error\(/.test(readFileSync(file, 'utf8')))
      .sort();
    expect(offenders).toEqual([]);
  });
});
