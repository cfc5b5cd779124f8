export { createSimulatedNetwork, type SimulatedNetwork } from './simulated-network';
export { LabNetworkError, type LabNetworkErrorCode } from './no-network-error';
export { RequestLogEntrySchema, type RequestLogEntry } from './request-log';
