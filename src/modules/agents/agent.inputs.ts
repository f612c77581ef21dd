import { Field, InputType, ObjectType } from 'type-graphql';
import { Payload } from '../../graphql/payload';
import { Role } from '../common/enums';
import { Agent } from './agent.entity';

@InputType()
export class CreateAgentInput {
  @Field() name!: string;
  @Field() email!: string;
  @Field(() => Role, { description: 'A staff role (not CUSTOMER)' }) role!: Role;
  @Field(() => String, { nullable: true }) team?: string | null;
}

@ObjectType()
export class CreateAgentPayload extends Payload {
  @Field(() => Agent, { nullable: true }) agent!: Agent | null;
}
