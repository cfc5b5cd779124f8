export { SIGNING_ALGORITHMS, SigningAlgorithmSchema, isSymmetric, type SigningAlgorithm } from './algorithms';
export { KeyError, type KeyErrorCode } from './key-error';
export { createKeySet, type KeySet, type KeyStatus, type ManagedKey } from './key-set';
export {
  generateSigningKey,
  loadSimulationKey,
  simulationKeyCount,
  type KeyRole,
  type SigningKey,
} from './signing-key';
