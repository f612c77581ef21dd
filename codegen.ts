import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the operations dashboards and the mobile app send; the tests use them. */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: 'schema/operations/*.graphql',
  generates: {
    'test/generated/operations.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: { DateTime: 'string', Decimal: 'string', Date: 'string' },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        useTypeImports: true,
      },
    },
    // the hub's own console (src/web): its operations only, as strings (no graphql runtime in the browser bundle)
    'src/web/generated/operations.ts': {
      documents: 'schema/operations/console.graphql',
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: { DateTime: 'string', Decimal: 'string', Date: 'string' },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        useTypeImports: true,
        documentMode: 'string',
      },
    },
  },
  hooks: {},
};

export default config;
