import { defineAttack, type AttackEntry } from '../attack';
import { nowSeconds } from '../attack-target';
import { accessTokenHash, createDpopKey, mintDpopProof } from '../dpop-proof';
import { utf8 } from '../public-key-encodings';
import { mintValidToken } from '../valid-token';

const CLAUSES_PROOF = ['RFC 9449 §4.3', 'RFC 9449 §7.1'];

export const sidejacking = defineAttack(
  {
    id: 'A18',
    name: 'Token sidejacking',
    note: 'A stolen DPoP-bound access token replayed without a valid proof of possession of its key.',
    clauses: ['RFC 9449 §7', 'RFC 9700 §2.2.1', 'OWASP ASVS 5.0 10.3.5'],
    checklist: [37],
  },
  async ({ target, attacker }) => {
    // The legitimate client's key: the thief holds the token and proofs it captured, never this private key.
    const victim = await createDpopKey();
    const thief = await createDpopKey();
    const token = await mintValidToken(target, { claims: { cnf: { jkt: victim.jkt } } });
    const htm = 'GET';
    const htu = target.resourceUrl ?? target.audience;
    const iat = nowSeconds(target);
    const ath = await accessTokenHash(token);
    const request = { htm, htu };
    const other = await mintValidToken(target, { claims: { cnf: { jkt: victim.jkt } } });
    const attackerKey = await attacker.key('ES256');
    const proofs: Array<[string, string, string]> = [
      [
        'proof-from-other-key',
        await mintDpopProof(thief, { htm, htu, iat, ath }),
        "a proof signed by the thief's own key, whose thumbprint is not cnf.jkt",
      ],
      [
        'captured-proof-other-method',
        await mintDpopProof(victim, { htm: 'POST', htu, iat, ath }),
        'a captured proof for POST, replayed with GET',
      ],
      [
        'captured-proof-other-url',
        await mintDpopProof(victim, { htm, htu: `${new URL(htu).origin}/other`, iat, ath }),
        'a captured proof for another URL',
      ],
      [
        'stale-proof',
        await mintDpopProof(victim, { htm, htu, iat: iat - 3600, ath }),
        'a captured proof issued an hour ago',
      ],
      [
        'proof-without-ath',
        await mintDpopProof(victim, { htm, htu, iat }),
        'a proof with no ath, so it is not tied to this access token',
      ],
      [
        'proof-for-other-token',
        await mintDpopProof(victim, { htm, htu, iat, ath: await accessTokenHash(other) }),
        "a captured proof whose ath is another access token's",
      ],
      [
        'proof-hs256',
        await mintDpopProof(
          victim,
          { htm, htu, iat, ath },
          { header: { alg: 'HS256' }, signature: { kind: 'sign', alg: 'HS256', key: utf8(victim.jkt) } },
        ),
        'a proof MACed with HS256 (DPoP requires an asymmetric alg)',
      ],
      [
        'proof-alg-none',
        await mintDpopProof(
          victim,
          { htm, htu, iat, ath },
          { header: { alg: 'none' }, signature: { kind: 'text', text: '' } },
        ),
        'an unsigned proof (alg none)',
      ],
      [
        'proof-wrong-typ',
        await mintDpopProof(victim, { htm, htu, iat, ath }, { header: { typ: 'JWT' } }),
        'a proof typed JWT instead of dpop+jwt',
      ],
      [
        'proof-attacker-jwk',
        await mintDpopProof(victim, { htm, htu, iat, ath }, { header: { jwk: attackerKey.publicJwk } }),
        "a victim-signed proof whose jwk header was swapped for the attacker's key",
      ],
    ];
    const entries: AttackEntry[] = [
      {
        variant: 'bound-token-without-proof',
        token,
        note: 'A genuine access token with cnf.jkt, presented as a plain bearer token with no DPoP proof.',
        strict: 'accepted',
        dpop: request,
      },
      ...proofs.map(([variant, proof, what]): AttackEntry => ({
        variant,
        token,
        note: `The stolen DPoP-bound token with ${what}.`,
        clauses: CLAUSES_PROOF,
        strict: 'accepted',
        dpop: { ...request, proof },
      })),
    ];
    // The same valid proof presented twice: the check sends it once (allowed) and then again (rejected).
    entries.push({
      variant: 'replayed-proof',
      token,
      note: 'A proof the victim used once, presented again with the same jti (send it twice; the second must fail).',
      clauses: ['RFC 9449 §11.1', 'RFC 9449 §4.3'],
      strict: 'accepted',
      dpop: { ...request, proof: await mintDpopProof(victim, { htm, htu, iat, ath }) },
    });
    // A client that leaks its private key in the proof: the token is bound to that very key.
    const leaky = await createDpopKey();
    const leakyToken = await mintValidToken(target, { claims: { cnf: { jkt: leaky.jkt } } });
    entries.push({
      variant: 'proof-with-private-jwk',
      token: leakyToken,
      note: 'A proof whose jwk header carries the private key (d), which RFC 9449 §4.3 requires the server to reject.',
      clauses: CLAUSES_PROOF,
      strict: 'accepted',
      dpop: {
        ...request,
        proof: await mintDpopProof(
          leaky,
          { htm, htu, iat, ath: await accessTokenHash(leakyToken) },
          { header: { jwk: leaky.privateJwk } },
        ),
      },
    });
    return entries;
  },
);
