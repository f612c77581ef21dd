import type { App } from '../app/app';
import type { Viewer } from '../auth/viewer';

/** The per-request DataLoaders, as the composition root assembles them (src/app/loaders.ts). */
export type Loaders = ReturnType<App['createLoaders']>;

export interface RequestContext {
  app: App;
  viewer: Viewer;
  /**
   * The request's DataLoaders. The object itself never changes for the life of the request:
   * Apollo hands resolvers a shallow copy of the context, so a field replaced on one copy
   * would not be seen by the others. `resetLoaders` swaps the loaders inside it instead.
   */
  readonly loaders: Loaders;
  /**
   * Fresh loaders (after a mutation's write, before each subscription event), so nothing later
   * in the request is served rows cached before the change. Seen by every copy of the context.
   */
  resetLoaders(): void;
  /**
   * A subscriber (WebSocket) has more events waiting than it may hold (SUBSCRIPTION_BACKLOG
   * events, or its principal's SUBSCRIPTION_BACKLOG_MB): its client is not reading. `why` says
   * which. The WebSocket server closes the connection; the client resumes `after:` its last
   * cursor. Unset over HTTP.
   */
  fellBehind?: (why: string) => void;
}

export function createContext(app: App, viewer: Viewer): RequestContext {
  const loaders = app.createLoaders();
  return {
    app,
    viewer,
    loaders,
    // mutates the one shared object in place, never a field of the context (see `loaders`)
    resetLoaders() {
      Object.assign(loaders, app.createLoaders());
    },
  };
}
