import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from './context';
import { newestCursor, readLogState } from '../events/cursor';

@Resolver()
export class EventCursorResolver {
  @Authorized()
  @Query(() => String, {
    description:
      'The cursor of the newest event. Read your data and this in one request, then subscribe with `after:` it: nothing that happens in between is missed.',
  })
  async eventCursor(@Ctx() ctx: RequestContext): Promise<string> {
    return newestCursor(await readLogState(ctx.app.db));
  }
}
