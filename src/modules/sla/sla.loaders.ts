import type { App } from '../../app/app';
import { byId } from '../../graphql/loaders';
import { ServiceLevel } from './service-level.entity';

export function createSlaLoaders(app: App) {
  return { serviceLevel: byId(app, ServiceLevel) };
}
