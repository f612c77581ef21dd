import type { RequestContext } from '../../graphql/context';
import type { Tx } from '../../events/tx';
import { DomainError, ErrorCode } from '../../errors';
import { Role } from '../common/enums';
import { email, optionalText, requiredText } from '../common/validate';
import { Agent } from './agent.entity';
import type { CreateAgentInput } from './agent.inputs';

/** A staff member with a staff role and an e-mail no other agent has; returns its id. */
export async function createAgent(_ctx: RequestContext, tx: Tx, input: CreateAgentInput): Promise<string> {
  if (input.role === Role.CUSTOMER) throw new DomainError(ErrorCode.INVALID_INPUT, 'An agent has a staff role, not CUSTOMER', ['input', 'role']);
  const values = {
    name: requiredText(input.name, 'name', 200),
    email: email(input.email),
    role: input.role,
    team: optionalText(input.team, 'team', 100) ?? null,
  };
  if (await tx.manager.existsBy(Agent, { email: values.email })) {
    throw new DomainError(ErrorCode.DUPLICATE, `An agent with e-mail ${values.email} exists already`, ['input', 'email']);
  }
  const r = await tx.manager.getRepository(Agent).insert(values);
  return r.identifiers[0].id as string;
}
