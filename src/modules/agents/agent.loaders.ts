import type { App } from '../../app/app';
import { byId, countBy } from '../../graphql/loaders';
import { Agent } from './agent.entity';

export function createAgentLoaders(app: App) {
  return {
    agent: byId(app, Agent),
    agentOpenTickets: countBy(
      app,
      (p) => `SELECT assignee_id AS k, count(*) AS n FROM ticket WHERE assignee_id = ANY(${p}) AND status NOT IN ('RESOLVED','CLOSED') GROUP BY assignee_id`,
    ),
  };
}
