/** What a certificate proves and what it does not, said the same way on the certificate and verify pages. */
export const PROVES =
  'Anyone can re-run this course’s checks on the solutions in the certificate file, in their browser or with npm run verify:certificate, and see that they pass.';
export const DOES_NOT_PROVE =
  'It does not prove who wrote the code: the name and the date are the learner’s own statement, and nothing stops someone from passing the checks with code they copied.';
