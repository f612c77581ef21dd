// The one place errors become what a client sees: top-level errors over HTTP (Apollo's
// formatError) and WebSocket (graphql-ws), `userErrors` of mutation payloads, and answers sent
// before GraphQL runs (express, raw WebSocket messages). Domain errors and codes: src/errors/.
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { ClientCode, ClientError, dbRefusal, DomainError, ErrorCode, INTERNAL_SERVER_ERROR } from '../errors';
import { log } from '../logger';

/** Codes a client sees as they are: derived from the enum, never listed by hand. */
const CLIENT_CODES: ReadonlySet<string> = new Set<string>(Object.values(ClientCode));

/**
 * The GraphQL error for a ClientError, where one must be built rather than thrown through
 * graphql-js: Apollo plugins and the context function, graphql-ws `onSubscribe`, scalars (whose
 * messages graphql-js keeps only from a GraphQLError). The only `new GraphQLError` in src/.
 */
export function toGraphQLError(err: ClientError): GraphQLError {
  return new GraphQLError(err.message, { extensions: err.extensions });
}

/** A ClientError as it goes on the wire, for answers sent without graphql-js (express, raw WebSocket). */
export function formatClientError(err: ClientError): GraphQLFormattedError {
  return { message: err.message, extensions: { code: err.code, ...err.details } };
}

/** The body of an HTTP answer refusing a request before GraphQL sees it (Apollo's shape). */
export function errorBody(err: ClientError): { errors: GraphQLFormattedError[] } {
  return { errors: [formatClientError(err)] };
}

/**
 * graphql-js's error for a variable whose value does not fit its declared type (wrong scalar,
 * unknown enum value, missing non-null, unknown input field). Apollo reports these over HTTP as
 * BAD_USER_INPUT; the WebSocket path must say the same. Recognised by shape: the error points
 * at exactly one variable definition, which no resolver error ever does.
 */
function isVariableValueError(error: unknown): boolean {
  const e = error as GraphQLError;
  return (
    error instanceof GraphQLError &&
    e.path === undefined &&
    e.nodes?.length === 1 &&
    e.nodes[0].kind === Kind.VARIABLE_DEFINITION
  );
}

/** A top-level DomainError (thrown outside a mutation, e.g. a bad query argument) keeps its message. */
const domainToClient = (err: DomainError): ClientCode => (err.code === ErrorCode.NOT_FOUND ? ClientCode.NOT_FOUND : ClientCode.BAD_USER_INPUT);

/**
 * Apollo's `formatError`, and graphql-ws's for every error sent to a subscriber: ours pass with
 * their code; a transient database failure is SERVICE_UNAVAILABLE; a value the database
 * refused as malformed is BAD_USER_INPUT; anything unexpected is logged and masked.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  const original = unwrapResolverError(error);
  const where = { locations: formatted.locations, path: formatted.path };
  if (code && CLIENT_CODES.has(code)) {
    // transport hints (http) and stack traces stay on the server
    const { stacktrace: _s, http: _h, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: ext };
  }
  if (original instanceof ClientError) return { message: original.message, ...where, extensions: { code: original.code, ...original.details } };
  if (original instanceof DomainError) return { message: original.message, ...where, extensions: { code: domainToClient(original) } };
  // graphql-js's own errors about the request (variable coercion and the like) carry no original error
  if (isVariableValueError(error) || !(original instanceof Error) || (original instanceof GraphQLError && !original.originalError)) {
    return { message: formatted.message, ...where, extensions: { code: ClientCode.BAD_USER_INPUT } };
  }
  const refusal = dbRefusal(original);
  // the database is away (restart, failover, dropped connections): say so, and that a retry may work
  if (refusal?.kind === 'unavailable') {
    return { message: 'The database is unavailable right now; retry shortly', path: formatted.path, extensions: { code: ClientCode.SERVICE_UNAVAILABLE } };
  }
  // a value the database refused as malformed is the client's
  if (refusal?.kind === 'malformed') {
    log.warn('a malformed value reached the database', { pgCode: refusal.pgCode, path: formatted.path });
    return { message: 'A value in the request is malformed or out of range', path: formatted.path, extensions: { code: ClientCode.BAD_USER_INPUT } };
  }
  log.error('unexpected error while resolving', { err: original, path: formatted.path });
  return { message: 'Internal server error', path: formatted.path, extensions: { code: INTERNAL_SERVER_ERROR } };
}

export interface UserErrorShape {
  code: ErrorCode;
  message: string;
  field: string[] | null;
}

/**
 * A mutation's failure as a `userError` (its transaction is rolled back), or null when it is
 * not one (it then ends the request as a top-level error through formatError).
 */
export function toUserError(err: unknown): UserErrorShape | null {
  if (err instanceof DomainError) return { code: err.code, message: err.message, field: err.field };
  const refusal = dbRefusal(err);
  switch (refusal?.kind) {
    case 'duplicate': {
      const column = refusal.column;
      return {
        code: ErrorCode.DUPLICATE,
        message: column ? `Another record already has this ${column}` : 'This already exists',
        field: column ? ['input', column.replace(/_([a-z])/g, (_x, c: string) => c.toUpperCase())] : null,
      };
    }
    case 'missing-reference':
      return { code: ErrorCode.NOT_FOUND, message: 'A referenced record does not exist', field: null };
    case 'malformed':
      log.warn('a value reached the database unchecked', { pgCode: refusal.pgCode });
      return { code: ErrorCode.INVALID_INPUT, message: 'A value is out of range or malformed', field: null };
    case 'conflict':
      return { code: ErrorCode.VERSION_CONFLICT, message: 'A concurrent change got there first; retry', field: null };
    default:
      return null;
  }
}

/** The Express error handler's answer: what failed before Apollo saw the request. */
export function httpErrorAnswer(err: unknown): { status: number; body: { errors: GraphQLFormattedError[] } } {
  if (err instanceof ClientError) return { status: err.extensions.http?.status ?? 400, body: errorBody(err) };
  const status = (err as { status?: number }).status ?? 500;
  if (status >= 500) {
    log.error('http error', { err });
    return { status, body: { errors: [{ message: 'Internal server error', extensions: { code: INTERNAL_SERVER_ERROR } }] } };
  }
  const message = status === 413 ? 'Request body too large (max 1 MB)' : 'Malformed request body';
  return { status, body: errorBody(new ClientError(ClientCode.BAD_REQUEST, message)) };
}
