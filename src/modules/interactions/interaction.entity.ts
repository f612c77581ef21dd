import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { Agent } from '../agents/agent.entity';
import { Channel, ContactReason, Direction } from '../common/enums';
import { Customer } from '../customers/customer.entity';
import { Ticket } from '../tickets/ticket.entity';
import { Created } from '../common/timestamps';

@ObjectType({ implements: Node, description: 'One contact with a customer, on any channel' })
@Entity()
@Index(['ticketId', 'occurredAt'])
@Index(['customerId', 'occurredAt'])
@Index(['occurredAt'])
export class Interaction extends Created implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('Interaction', this.id);
  }

  @Column({ type: 'uuid' })
  customerId!: string;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id' })
  customerRef?: Relation<Customer>;

  @Column({ type: 'uuid', nullable: true })
  ticketId!: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ticket_id' })
  ticketRef?: Relation<Ticket>;

  @Column({ type: 'uuid', nullable: true })
  agentId!: string | null;

  @ManyToOne(() => Agent, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'agent_id' })
  agentRef?: Relation<Agent>;

  @Field(() => Channel)
  @Column({ type: 'varchar', length: 16 })
  channel!: Channel;

  @Field(() => Direction)
  @Column({ type: 'varchar', length: 16 })
  direction!: Direction;

  @Field(() => ContactReason, { nullable: true })
  @Column({ type: 'varchar', length: 20, nullable: true })
  reason!: ContactReason | null;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  summary!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  durationSeconds!: number | null;
}
