import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker, type NonEmptyArray } from 'type-graphql';
import { Role } from '../auth/role';
import type { RequestContext } from './context';
import { forbidden, unauthenticated } from '../errors';
import { DateTimeScalar } from './scalars';

/**
 * `@Authorized()` means any signed-in viewer; `@Authorized(...roles)` those roles (ADMIN may
 * do everything). A refusal is a top-level FORBIDDEN error.
 */
const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  if (!context?.viewer) throw unauthenticated();
  if (roles.length === 0 || context.viewer.role === Role.ADMIN || roles.includes(context.viewer.role)) return true;
  throw forbidden(`The ${context.viewer.role} role may not do this; it takes ${roles.join(' or ')}`);
};

/**
 * The API schema from the given resolvers (the composition root lists them: src/app/schema.ts),
 * with the API's auth checker, scalars and refusing pubSub.
 */
export function buildApiSchema(resolvers: NonEmptyArray<Function>): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    // every subscription brings its own `subscribe` (the durable event stream); type-graphql
    // insists on a pubSub all the same, so it gets one that refuses to be used
    pubSub: {
      publish: () => {
        throw new Error('publish through the event log (src/events/tx.ts), not a pubSub');
      },
      subscribe: () => {
        throw new Error('subscriptions use eventStream (src/events/stream.ts)');
      },
    },
    emitSchemaFile: false,
  });
}

export function printSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
