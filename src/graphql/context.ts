import type { App } from '../app/app';
import type { Viewer } from '../auth/viewer';
import { createLoaders, type Loaders } from './loaders';

export interface Ctx {
  app: App;
  viewer: Viewer;
  loaders: Loaders;
  /** Fresh loaders, e.g. for each subscription event, so no event is served stale rows. */
  resetLoaders(): void;
}

export function createContext(app: App, viewer: Viewer): Ctx {
  const ctx: Ctx = {
    app,
    viewer,
    loaders: createLoaders(app),
    resetLoaders() {
      ctx.loaders = createLoaders(app);
    },
  };
  return ctx;
}
