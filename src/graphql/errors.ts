import { GraphQLError } from 'graphql';
import { ErrorCode } from '../modules/common/enums';

/**
 * A business-rule or bad-value failure. Services throw it; the mutation wrapper rolls the
 * transaction back and returns it to the client as a `userError`.
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

export const notFound = (what: string, field: string[] | null = null) =>
  new DomainError(ErrorCode.NOT_FOUND, `${what} not found`, field);

export const invalid = (message: string, field: string[] | null = null) =>
  new DomainError(ErrorCode.INVALID_INPUT, message, field);

export function unauthenticated(message = 'Authentication required: send "Authorization: Bearer <token>"'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function forbidden(message = 'Your role may not do this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/** A top-level error for a well-formed request the server refuses (bad argument values on queries). */
export function badRequest(message: string, code = 'BAD_USER_INPUT'): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
