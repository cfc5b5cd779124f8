export { SIGNING_ALGORITHMS, type SigningAlgorithm } from './algorithms';
export { KeyError, type KeyErrorCode } from './key-error';
export { createKeySet, type KeySet } from './key-set';
export { generateSigningKey, loadSimulationKey, type SigningKey } from './signing-key';
