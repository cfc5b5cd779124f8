export {
  createSimulatedNetwork,
  type OriginHandler,
  type SimulatedNetwork,
  type SimulatedNetworkOptions,
} from './simulated-network';
export { LabNetworkError, type LabNetworkErrorCode } from './no-network-error';
export {
  RequestLogEntrySchema,
  createRequestLog,
  type RequestLog,
  type RequestLogEntry,
} from './request-log';
