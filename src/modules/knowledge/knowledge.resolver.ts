import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { STAFF_WRITERS } from '../../auth/viewer';
import type { RequestContext } from '../../graphql/context';
import { connectionType, PageArgs } from '../../graphql/pagination';
import { Role } from '../common/enums';
import { runMutation } from '../common/mutation';
import { KnowledgeArticle } from './knowledge-article.entity';
import {
  CreateKnowledgeArticleInput,
  CreateKnowledgeArticlePayload,
  KnowledgeArticleFilter,
  MarkArticleHelpfulInput,
  MarkArticleHelpfulPayload,
  UpdateKnowledgeArticleInput,
  UpdateKnowledgeArticlePayload,
} from './knowledge.inputs';
import * as knowledge from './knowledge.service';

export const KnowledgeArticleConnection = connectionType('KnowledgeArticle', KnowledgeArticle);

@Resolver(() => KnowledgeArticle)
export class KnowledgeArticleResolver {
  @Authorized()
  @Query(() => KnowledgeArticle, { nullable: true, description: 'A customer sees published articles only' })
  knowledgeArticle(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return knowledge.articleById(ctx, id);
  }

  @Authorized()
  @Query(() => KnowledgeArticleConnection, {
    description:
      'Full-text search of the help centre. With `query` (web-search syntax: words, "a phrase", or, -word), ' +
      'the matching articles, most relevant first, with `rank` and `highlight`; without it, the most recently updated first. ' +
      'A CUSTOMER viewer sees published articles only.',
  })
  knowledgeArticles(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('query', () => String, { nullable: true }) query?: string | null,
    @Arg('filter', () => KnowledgeArticleFilter, { nullable: true }) filter?: KnowledgeArticleFilter | null,
  ) {
    return knowledge.articleList(ctx, page, query, filter);
  }

  @Authorized()
  @Query(() => [KnowledgeArticle], {
    description:
      "Published articles that may answer the ticket, from its subject and description, most relevant first. " +
      'Empty when the ticket does not exist or is not the viewer\'s.',
  })
  suggestedArticles(
    @Ctx() ctx: RequestContext,
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: knowledge.DEFAULT_SUGGESTIONS, description: `At most ${knowledge.MAX_SUGGESTIONS}` })
    first?: number | null,
  ) {
    return knowledge.suggestedArticles(ctx, ticketId, first);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Relevance to the search (0 to 1); null outside a search or suggestion' })
  rank(@Root() a: KnowledgeArticle): number | null {
    return knowledge.searchHit(a)?.rank ?? null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Excerpts of the body (HTML-escaped) with the matching words in <b>…</b>; null outside a search or suggestion',
  })
  highlight(@Root() a: KnowledgeArticle): Promise<string | null> | null {
    return knowledge.searchHit(a)?.highlight() ?? null;
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => CreateKnowledgeArticlePayload)
  createKnowledgeArticle(@Ctx() ctx: RequestContext, @Arg('input') input: CreateKnowledgeArticleInput) {
    return runMutation(ctx, {
      name: 'createKnowledgeArticle',
      input,
      run: async (tx) => ({ article: (await knowledge.createArticle(ctx, tx, input)).id }),
      load: async (ids) => ({ article: await knowledge.articleLoader(ctx).load(ids.article!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => UpdateKnowledgeArticlePayload)
  updateKnowledgeArticle(@Ctx() ctx: RequestContext, @Arg('input') input: UpdateKnowledgeArticleInput) {
    return runMutation(ctx, {
      name: 'updateKnowledgeArticle',
      run: async (tx) => ({ article: (await knowledge.updateArticle(ctx, tx, input)).id }),
      load: async (ids) => ({ article: await knowledge.articleLoader(ctx).load(ids.article!) }),
    });
  }

  @Authorized(...STAFF_WRITERS, Role.CUSTOMER)
  @Mutation(() => MarkArticleHelpfulPayload, { description: 'One "this helped" vote for a published article' })
  markArticleHelpful(@Ctx() ctx: RequestContext, @Arg('input') input: MarkArticleHelpfulInput) {
    return runMutation(ctx, {
      name: 'markArticleHelpful',
      run: async (tx) => ({ article: await knowledge.markHelpful(ctx, tx, input) }),
      load: async (ids) => ({ article: await knowledge.articleLoader(ctx).load(ids.article!) }),
    });
  }
}
