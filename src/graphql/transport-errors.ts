// Errors that depend on how a request arrived (HTTP or WebSocket), kept the same on both.
import type { ApolloServerPlugin } from '@apollo/server';
import { ClientCode, ClientError } from '../errors';
import { toGraphQLError } from './error-map';

/**
 * Subscriptions are served over WebSocket only. Over HTTP, Apollo would run a subscription
 * operation like a query, with no event to resolve (a TypeError, i.e. a 500): refuse it before
 * anything executes, with a 400 that says where to go.
 */
export function subscriptionsOverHttpRefused(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation?.operation !== 'subscription') return;
          const headers = request.http?.headers;
          const host = headers?.get('x-forwarded-host')?.split(',')[0].trim() || headers?.get('host') || 'localhost';
          const proto = headers?.get('x-forwarded-proto')?.split(',')[0].trim() === 'https' ? 'wss' : 'ws';
          throw toGraphQLError(
            new ClientError(ClientCode.BAD_REQUEST, `Subscriptions go over WebSocket (graphql-transport-ws protocol) at ${proto}://${host}/graphql, not over HTTP`, {
              http: { status: 400 },
            }),
          );
        },
      };
    },
  };
}
