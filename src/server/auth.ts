import type { App } from '../app/app';
import { AuthError, verifyAuthorization, type Viewer } from '../auth/viewer';
import { unauthenticated } from '../errors';

/** How long a token may live at most, from the configuration (HTTP and WebSocket alike). */
export const verifyOptions = (app: App) => ({ maxLifetimeSec: app.config.tokenMaxLifetimeHours * 3600 });

/** The viewer of an `Authorization` header; an invalid token is UNAUTHENTICATED (a ClientError). */
export function authenticate(app: App, header: unknown): Viewer {
  try {
    return verifyAuthorization(header, app.authSecrets, verifyOptions(app));
  } catch (err) {
    if (err instanceof AuthError) throw unauthenticated(err.message);
    throw err;
  }
}
