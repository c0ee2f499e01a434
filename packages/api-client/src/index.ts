export { ApiClient, type CallOptions, type QueryOf } from './api-client.js';
export { ApiError, NetworkError, describeError, isRetryable } from './errors.js';
export { toQuery, type QueryValue } from './query.js';
export { ApiRequester, type RequestOptions } from './requester.js';
export type { HttpMethod, Transport } from './transport.js';
