import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Payload } from '../../graphql/payload';
import { DateScalar } from '../../graphql/scalars';
import { CustomerTier, Priority, TicketKind, TicketStatus } from '../common/enums';
import { ServiceLevel } from './service-level.entity';

@InputType()
export class SlaTargetInput {
  @Field(() => Priority) priority!: Priority;
  @Field(() => Int) firstResponseMinutes!: number;
  @Field(() => Int) resolutionMinutes!: number;
}

@InputType()
export class BusinessDayInput {
  @Field(() => Int, { description: '1 = Monday … 7 = Sunday' }) weekday!: number;
  @Field({ description: '"09:00"' }) opens!: string;
  @Field({ description: '"17:00"; "24:00" is midnight' }) closes!: string;
}

@InputType()
export class BusinessHoursInput {
  @Field({ description: 'IANA time zone, e.g. "Europe/Berlin"' }) timeZone!: string;
  @Field(() => [BusinessDayInput]) days!: BusinessDayInput[];
  @Field(() => [DateScalar], { nullable: true }) holidays?: string[] | null;
}

@InputType()
export class CreateServiceLevelInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [SlaTargetInput]) targets!: SlaTargetInput[];
  @Field(() => BusinessHoursInput, { nullable: true, description: 'None: round the clock' }) businessHours?: BusinessHoursInput | null;
  @Field(() => [TicketStatus], { nullable: true, description: 'Statuses that stop the clock; default [PENDING]' }) pauseOn?: TicketStatus[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Make this the default service level' }) isDefault?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Make it a rule, tried in this order for customers without a plan' }) ruleOrder?: number | null;
  @Field(() => [CustomerTier], { nullable: true }) matchTiers?: CustomerTier[] | null;
  @Field(() => [TicketKind], { nullable: true }) matchKinds?: TicketKind[] | null;
  @Field(() => [Priority], { nullable: true }) matchPriorities?: Priority[] | null;
}

@InputType({ description: 'Fields left out stay as they are. New targets apply to tickets opened from now on.' })
export class UpdateServiceLevelInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [SlaTargetInput], { nullable: true }) targets?: SlaTargetInput[] | null;
  @Field(() => BusinessHoursInput, { nullable: true }) businessHours?: BusinessHoursInput | null;
  @Field(() => [TicketStatus], { nullable: true }) pauseOn?: TicketStatus[] | null;
  @Field(() => Boolean, { nullable: true }) isDefault?: boolean | null;
  @Field(() => Int, { nullable: true }) ruleOrder?: number | null;
  @Field(() => [CustomerTier], { nullable: true }) matchTiers?: CustomerTier[] | null;
  @Field(() => [TicketKind], { nullable: true }) matchKinds?: TicketKind[] | null;
  @Field(() => [Priority], { nullable: true }) matchPriorities?: Priority[] | null;
}

@ObjectType()
export class CreateServiceLevelPayload extends Payload {
  @Field(() => ServiceLevel, { nullable: true }) serviceLevel!: ServiceLevel | null;
}

@ObjectType()
export class UpdateServiceLevelPayload extends Payload {
  @Field(() => ServiceLevel, { nullable: true }) serviceLevel!: ServiceLevel | null;
}
