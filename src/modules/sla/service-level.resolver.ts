import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { MANAGERS, STAFF_READERS } from '../../auth/viewer';
import type { RequestContext } from '../../graphql/context';
import { runMutation } from '../common/mutation';
import { ServiceLevel } from './service-level.entity';
import {
  CreateServiceLevelInput,
  CreateServiceLevelPayload,
  UpdateServiceLevelInput,
  UpdateServiceLevelPayload,
} from './service-level.inputs';
import { createServiceLevel, serviceLevelList, updateServiceLevel } from './service-level.service';

@Resolver(() => ServiceLevel)
export class ServiceLevelResolver {
  @Authorized(...STAFF_READERS)
  @Query(() => [ServiceLevel], { description: 'Default first, then rules in order, then by name' })
  serviceLevels(@Ctx() ctx: RequestContext) {
    return serviceLevelList(ctx);
  }

  @Authorized(...MANAGERS)
  @Mutation(() => CreateServiceLevelPayload)
  createServiceLevel(@Ctx() ctx: RequestContext, @Arg('input') input: CreateServiceLevelInput) {
    return runMutation(ctx, {
      name: 'createServiceLevel',
      run: async (tx) => ({ serviceLevel: await createServiceLevel(ctx, tx, input) }),
      load: async (ids) => ({ serviceLevel: await ctx.loaders.serviceLevel.load(ids.serviceLevel!) }),
    });
  }

  @Authorized(...MANAGERS)
  @Mutation(() => UpdateServiceLevelPayload)
  updateServiceLevel(@Ctx() ctx: RequestContext, @Arg('input') input: UpdateServiceLevelInput) {
    return runMutation(ctx, {
      name: 'updateServiceLevel',
      run: async (tx) => ({ serviceLevel: await updateServiceLevel(ctx, tx, input) }),
      load: async (ids) => ({ serviceLevel: await ctx.loaders.serviceLevel.load(ids.serviceLevel!) }),
    });
  }
}
