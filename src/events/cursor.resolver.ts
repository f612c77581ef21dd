import { Authorized, Ctx as C, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../graphql/context';

@Resolver()
export class EventCursorResolver {
  @Authorized()
  @Query(() => String, {
    description:
      'The cursor of the newest event. Read your data and this in one request, then subscribe with `after:` it: nothing that happens in between is missed.',
  })
  async eventCursor(@C() ctx: Ctx): Promise<string> {
    const [row] = await ctx.app.db.query('SELECT COALESCE(MAX(seq), 0) AS seq FROM event_log');
    return String(row.seq);
  }
}
