import type { App } from '../../app/app';
import { byId } from '../../graphql/loaders';
import { KnowledgeArticle } from './knowledge-article.entity';

export function createKnowledgeLoaders(app: App) {
  return { article: byId(app, KnowledgeArticle) };
}
