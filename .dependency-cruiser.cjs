/**
 * The hub's layering, checked in CI (`npm run lint:deps`). README.md "Architecture" says the same
 * in prose: change both together. Type-only imports count like any other, except for cycles
 * (they cannot change load order) and for App's type naming the loaders the root assembles.
 */
const ROOT = '^src/(hub|main)\\.ts$|^src/app/(?!app\\.ts$|clock\\.ts$)';
const APP_TYPES = '^src/app/(app|clock)\\.ts$';
const KERNEL = '^src/(config|logger)\\.ts$|^src/errors/';

module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-kernel',
      comment: 'config, logger and errors import nothing of ours but each other',
      severity: 'error',
      from: { path: KERNEL },
      to: { path: '^src/', pathNot: KERNEL },
    },
    {
      name: 'db-is-low',
      comment: 'db imports only config, logger and errors (entities load by their *.entity.ts names)',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: `${KERNEL}|^src/db/` },
    },
    {
      name: 'events-below-api',
      comment: 'events imports no module, API layer or server',
      severity: 'error',
      from: { path: '^src/events/' },
      to: { path: '^src/(modules|graphql|server|read|policy|auth|seed|ops)/' },
    },
    {
      name: 'policy-auth-below-api',
      comment: 'policy and auth import no GraphQL, module or server (auth reads global ids in token claims: graphql/ids.ts, which imports nothing)',
      severity: 'error',
      from: { path: '^src/(policy|auth)/' },
      to: { path: '^src/(graphql|modules|server|read|events|seed|ops)/', pathNot: '^src/graphql/ids\\.ts$' },
    },
    {
      name: 'graphql-knows-no-module',
      comment: 'graphql/ is generic API plumbing: no domain module, no read path, no server',
      severity: 'error',
      from: { path: '^src/graphql/' },
      to: { path: '^src/(modules|read|server|seed|ops)/' },
    },
    {
      name: 'modules-below-read-and-server',
      comment: 'modules import no server, read path or tooling',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(server|read|seed|ops)/' },
    },
    {
      name: 'no-foreign-resolver',
      comment: "a module imports no other module's resolver (use its service, list or types)",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/[^/]+\\.resolver\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'read-uses-list-plans',
      comment: "the compiled read path takes modules' list plans and inputs (and the SLA state as SQL), nothing else of theirs",
      severity: 'error',
      from: { path: '^src/read/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/[^/]+/[^/]+\\.(list|inputs)\\.ts$|^src/modules/sla/sla\\.service\\.ts$' },
    },
    {
      name: 'read-below-server',
      comment: 'the read path is called by the server, never the other way',
      severity: 'error',
      from: { path: '^src/read/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'server-knows-no-module',
      comment: 'the server serves what the composition root hands it',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(modules|seed|ops)/' },
    },
    {
      name: 'only-the-root-imports-the-root',
      comment: 'hub.ts, main.ts and src/app/ (but app.ts and clock.ts, the types every layer shares) are the composition root',
      severity: 'error',
      from: { path: '^src/', pathNot: `${ROOT}|${APP_TYPES}` },
      to: { path: ROOT },
    },
    {
      name: 'app-types-name-root-types-only',
      comment: "app.ts may name the root's loader type (App.createLoaders), nothing it runs",
      severity: 'error',
      from: { path: APP_TYPES },
      to: { path: ROOT, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'tooling-is-leaf',
      comment: 'seed data and ops helpers are used by the root and each other only',
      severity: 'error',
      from: { path: '^src/', pathNot: `${ROOT}|^src/(seed|ops)/` },
      to: { path: '^src/(seed|ops)/' },
    },
    {
      name: 'no-circular',
      comment: 'a cycle of runtime imports between files; allowed where it cannot be avoided, so a warning',
      severity: 'warn',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/web/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
