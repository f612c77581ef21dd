/**
 * The codes of a mutation payload's `userErrors` (the schema's `ErrorCode`, registered by
 * src/graphql/payload.ts): a business rule or a bad value refused, nothing written.
 */
export enum ErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_INPUT = 'INVALID_INPUT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  DUPLICATE = 'DUPLICATE',
  /** the viewer's role may run the mutation, but not on these terms (e.g. a rating recorded without an agentId) */
  FORBIDDEN = 'FORBIDDEN',
  /** an idempotency key sent again with a different input */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}

/**
 * The codes of top-level errors (`errors[].extensions.code`) a client sees as they are. An
 * error with any other code, or none, is logged and masked as INTERNAL_SERVER_ERROR
 * (src/graphql/error-map.ts).
 */
export enum ClientCode {
  /** no token, or not a valid one (HTTP 401; WebSocket: the socket closes with 4403) */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** the viewer's role may not do this (HTTP 403) */
  FORBIDDEN = 'FORBIDDEN',
  /** an argument or variable value the server refuses */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** a request the server cannot take as sent (a malformed body, a subscription over HTTP) */
  BAD_REQUEST = 'BAD_REQUEST',
  /** a record asked for by id that does not exist or is not the viewer's (subscriptions) */
  NOT_FOUND = 'NOT_FOUND',
  /** the document or its variables pass a bound (src/graphql/limits.ts) */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** too many requests or live subscriptions (HTTP 429 with retry-after) */
  RATE_LIMITED = 'RATE_LIMITED',
  /** the database is away for now; a retry may work (HTTP 503) */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** an `after:` cursor older than the events the hub keeps */
  CURSOR_EXPIRED = 'CURSOR_EXPIRED',
  /** an `after:` cursor this event log never issued */
  CURSOR_INVALID = 'CURSOR_INVALID',
  // Apollo Server's own codes for the request itself
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
}

/** The code every unexpected error is masked as. */
export const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';
