import { ClientCode, ErrorCode } from './codes';

/**
 * A business-rule or bad-value failure of a mutation. Services throw it; the mutation wrapper
 * rolls the transaction back and returns it as a `userError` (src/modules/common/mutation.ts).
 */
export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly field: string[] | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** How a ClientError is answered over HTTP when it ends the whole request. */
export interface HttpHint {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A refusal of the request itself, answered as a top-level error with `code`: services,
 * resolvers and transports throw (or return) it, src/graphql/error-map.ts turns it into the
 * GraphQL error clients see. `extensions` are what graphql-js copies onto the GraphQL error of
 * a resolver that throws it: the code, any `details` (e.g. retryAfterSeconds) and, with `http`,
 * the status Apollo answers with.
 */
export class ClientError extends Error {
  readonly extensions: { code: ClientCode; http?: { status: number; headers?: Map<string, string> } } & Record<string, unknown>;

  constructor(
    public readonly code: ClientCode,
    message: string,
    opts: { http?: HttpHint; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'ClientError';
    const http = opts.http && { status: opts.http.status, ...(opts.http.headers && { headers: new Map(Object.entries(opts.http.headers)) }) };
    this.extensions = { code, ...opts.details, ...(http && { http }) };
  }

  /** what the client reads in `extensions` besides the code (no transport hints) */
  get details(): Record<string, unknown> {
    const { code: _c, http: _h, ...details } = this.extensions;
    return details;
  }
}

export const notFound = (what: string, field: string[] | null = null) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`, field);

export const invalid = (message: string, field: string[] | null = null) => new DomainError(ErrorCode.INVALID_INPUT, message, field);

export const unauthenticated = (message = 'Authentication required: send "Authorization: Bearer <token>"') =>
  new ClientError(ClientCode.UNAUTHENTICATED, message, { http: { status: 401 } });

export const forbidden = (message = 'Your role may not do this') => new ClientError(ClientCode.FORBIDDEN, message, { http: { status: 403 } });

/** A well-formed request the server refuses: bad argument values on queries. */
export const badRequest = (message: string) => new ClientError(ClientCode.BAD_USER_INPUT, message);

/** A bound passed that only resolving finds (filter size, statistics rows). */
export const tooComplex = (message: string) => new ClientError(ClientCode.QUERY_TOO_COMPLEX, message);

export const rateLimited = (retryAfterSeconds: number) =>
  new ClientError(ClientCode.RATE_LIMITED, `Too many requests; retry in ${retryAfterSeconds} s`, {
    details: { retryAfterSeconds },
    http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
  });
