// The hub's errors and their codes, apart from the API layer: services and the event log throw
// these; src/graphql/error-map.ts is the one place they become what a client sees.
export { ClientCode, ErrorCode, INTERNAL_SERVER_ERROR } from './codes';
export { badRequest, ClientError, DomainError, forbidden, invalid, notFound, rateLimited, tooComplex, unauthenticated, type HttpHint } from './errors';
export { dbRefusal, isTransientDbError, type DbRefusal } from './db';
