/** Public entry of the runtime (copied to generated/runtime/; generated code imports `../runtime/index.js`). */
export { Client, SDK_VERSION, type CallOptions, type RawCallOptions } from './client.js';
export {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  resolveConfig,
  type BackoffOptions,
  type ClientConfig,
  type ResolvedConfig,
} from './config.js';
export {
  Credentials,
  DEFAULT_METADATA_ENDPOINT,
  fromAssumeRole,
  fromInstanceMetadata,
  type AssumeRoleOptions,
  type CredentialProvider,
  type CredentialsInput,
  type CredentialsOptions,
  type InstanceMetadataOptions,
  type KeyCredentials,
  type ProvidedCredentials,
  type ProviderClient,
  type ProviderContext,
} from './credentials.js';
export type { ResponseValidation } from './config-check.js';
export type { DriftRecord } from './drift-log.js';
export {
  AbortError,
  ApiError,
  AuthError,
  ConfigError,
  CredentialsError,
  HttpError,
  NetworkError,
  ResponseDriftError,
  SCloudError,
  ThrottleError,
  TimeoutError,
  ValidationError,
  WaiterFailedError,
  WaiterTimeoutError,
} from './errors.js';
export type { ErrorHookContext, Hooks, RequestContext, ResponseContext, RetryContext } from './hooks.js';
export { isIdempotentAction } from './idempotency.js';
export { silentLogger, type Logger, type LogLevel } from './logger.js';
export type { ActionMeta, ObjectShape, Shape } from './meta.js';
export { paginate } from './paginate.js';
export { checkResponseShape, type DriftKind, type ShapeFinding } from './response-check.js';
export type { ResponseInfo, WithResponse } from './response.js';
export { backoffDelay, shouldRetry, type RetryDecision } from './retry.js';
export { EncodeError, encodeForm, flattenParams, formatNumber, signAndEncode, signAndEncodeAsync, signParams } from './sign.js';
export type { OpenTelemetryApi, TracingOption } from './tracing.js';
export { FetchTransport, type FetchTransportOptions } from './transport/fetch.js';
export { HttpTransport, type HttpTransportOptions } from './transport/http.js';
export { noProxyMatches, ProxySetting } from './transport/proxy.js';
export { UndiciTransport, type UndiciTransportOptions } from './transport/undici.js';
export type { FetchLike, FetchResponseLike, Transport, TransportRequest, TransportResponse } from './transport/types.js';
export { validateParams } from './validate.js';
export {
  DEFAULT_WAITER_DELAYS,
  readState,
  waitFor,
  waiterDelay,
  type PollReport,
  type WaiterDefinition,
  type WaiterDelays,
  type WaiterResult,
  type WaitOptions,
} from './waiter.js';
