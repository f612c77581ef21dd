// Issue 11 item 2: one error model. Domain errors and codes live in src/errors/; the one mapper
// (src/graphql/error-map.ts) decides what a client sees, on every path. Runs without a database.
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, graphql, type GraphQLError } from 'graphql';
import { ClientCode, ClientError, DomainError, ErrorCode, forbidden, invalid, notFound, rateLimited } from '../src/errors';
import { formatError, httpErrorAnswer, toUserError } from '../src/graphql/error-map';
import { setLogLevel } from '../src/logger';

setLogLevel('silent');

/** A QueryFailedError as TypeORM throws it: pg's fields under driverError. */
const pgFailure = (code: string, detail?: string) => Object.assign(new Error('query failed'), { driverError: { code, detail } });

/** Resolves `{ boom }` with a resolver that throws `err`, and formats its error as Apollo and graphql-ws do. */
async function thrown(err: unknown) {
  const schema = buildSchema('type Query { boom: String }');
  const result = await graphql({ schema, source: '{ boom }', rootValue: { boom: () => Promise.reject(err) } });
  const e = result.errors![0] as GraphQLError;
  return formatError(e.toJSON(), e);
}

describe('top-level errors (HTTP formatError and WebSocket)', () => {
  test('every client code passes as it is, without stack traces or transport hints; the set is the enum', async () => {
    for (const code of Object.values(ClientCode)) {
      const f = await thrown(new ClientError(code, `because ${code}`, { http: { status: 400 }, details: { hint: 1 } }));
      expect(f).toMatchObject({ message: `because ${code}`, path: ['boom'], extensions: { code, hint: 1 } });
      expect(f.extensions).not.toHaveProperty('http');
      expect(f.extensions).not.toHaveProperty('stacktrace');
    }
    expect(await thrown(rateLimited(7))).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 7 } });
    expect(await thrown(forbidden())).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  test('anything unexpected is masked as INTERNAL_SERVER_ERROR, its message never shown', async () => {
    for (const err of [new Error('secret: connection string postgres://u:p@h'), new TypeError('x is undefined'), pgFailure('42P01')]) {
      expect(await thrown(err)).toEqual({ message: 'Internal server error', path: ['boom'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    }
  });

  test('a transient database failure is SERVICE_UNAVAILABLE; a value it refused as malformed (class 22) is BAD_USER_INPUT', async () => {
    for (const code of ['57P01', '08006', 'ECONNREFUSED']) {
      expect((await thrown(Object.assign(new Error('gone'), { code }))).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    }
    for (const code of ['22P02', '22003', '22007']) {
      expect(await thrown(pgFailure(code))).toMatchObject({ message: 'A value in the request is malformed or out of range', extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  test('a DomainError outside a mutation keeps its message: NOT_FOUND, else BAD_USER_INPUT', async () => {
    expect(await thrown(notFound('Ticket'))).toMatchObject({ message: 'Ticket not found', extensions: { code: 'NOT_FOUND' } });
    expect(await thrown(invalid('name must not be empty'))).toMatchObject({ message: 'name must not be empty', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('mutation payloads (userErrors)', () => {
  test('domain errors as they are; database refusals mapped by the same classification', () => {
    expect(toUserError(new DomainError(ErrorCode.FORBIDDEN, 'no', ['input']))).toEqual({ code: 'FORBIDDEN', message: 'no', field: ['input'] });
    expect(toUserError(pgFailure('23505', 'Key (lower(email::text))=(a@b.c) already exists.'))).toEqual({
      code: 'DUPLICATE',
      message: 'Another record already has this email',
      field: ['input', 'email'],
    });
    expect(toUserError(pgFailure('23505', 'Key (part_id, location_code)=(…) already exists.'))?.field).toEqual(['input', 'partId, locationCode']);
    expect(toUserError(pgFailure('23503'))?.code).toBe('NOT_FOUND');
    expect(toUserError(pgFailure('22P02'))?.code).toBe('INVALID_INPUT');
    expect(toUserError(pgFailure('23514'))?.code).toBe('INVALID_INPUT');
    expect(toUserError(pgFailure('40P01'))?.code).toBe('VERSION_CONFLICT');
    // not a userError: the request fails at top level (masked, or SERVICE_UNAVAILABLE)
    expect(toUserError(new Error('bug'))).toBeNull();
    expect(toUserError(Object.assign(new Error('gone'), { code: '57P01' }))).toBeNull();
    expect(toUserError(forbidden())).toBeNull();
  });
});

describe('answers before GraphQL runs (express)', () => {
  test('a ClientError with its status; a body error as BAD_REQUEST; anything else masked', () => {
    expect(httpErrorAnswer(new ClientError(ClientCode.QUERY_TOO_COMPLEX, 'too deep', { http: { status: 400 } }))).toEqual({
      status: 400,
      body: { errors: [{ message: 'too deep', extensions: { code: 'QUERY_TOO_COMPLEX' } }] },
    });
    expect(httpErrorAnswer(Object.assign(new Error('too large'), { status: 413 })).body.errors[0]).toEqual({
      message: 'Request body too large (max 1 MB)',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(httpErrorAnswer(new Error('secret'))).toEqual({ status: 500, body: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
  });
});

test('GraphQL errors are built in the mapper only, and the domain errors import nothing of the API layer', () => {
  const src = path.join(__dirname, '..', 'src');
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
  const building = files(src).filter((f) => /new GraphQLError\(/.test(fs.readFileSync(f, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')));
  expect(building.map((f) => path.relative(src, f))).toEqual([path.join('graphql', 'error-map.ts')]);
  for (const f of files(path.join(src, 'errors'))) {
    expect([path.relative(src, f), fs.readFileSync(f, 'utf8').match(/from '(\.\.\/[^']*|graphql[^']*|@apollo[^']*)'/g)]).toEqual([path.relative(src, f), null]);
  }
});
