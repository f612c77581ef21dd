import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorCode } from '../errors';

registerEnumType(ErrorCode, { name: 'ErrorCode' });

@ObjectType({ description: 'A business-rule or bad-value failure; nothing was written' })
export class UserError {
  @Field(() => ErrorCode)
  code!: ErrorCode;

  @Field()
  message!: string;

  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, e.g. ["input","email"]' })
  field!: string[] | null;
}

/** Base of every mutation payload. */
@ObjectType()
export abstract class Payload {
  @Field(() => [UserError])
  userErrors!: UserError[];
}
