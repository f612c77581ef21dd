import { Field, Int, ObjectType } from 'type-graphql';
import { SlaState } from '../common/enums';

@ObjectType({ description: "Where a ticket stands against its service level" })
export class TicketSla {
  @Field(() => SlaState)
  state!: SlaState;

  @Field(() => Date, { nullable: true })
  firstResponseDueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  resolutionDueAt!: Date | null;

  @Field({ description: 'A target was missed (first response or resolution)' })
  breached!: boolean;

  @Field(() => Int, { nullable: true, description: 'Business minutes until the next target is missed; negative once it is; null when no clock runs' })
  minutesToBreach!: number | null;
}
