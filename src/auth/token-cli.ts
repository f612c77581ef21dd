import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { resolveAuthSecrets } from '../hub';
import { Role } from '../modules/common/enums';
import { signToken } from './viewer';

/** `npm run token -- --role AGENT [--agent <id>] [--customer <id>] [--sub name] [--expires 30d]` */
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    agent: { type: 'string' },
    customer: { type: 'string' },
    sub: { type: 'string' },
    expires: { type: 'string', default: '30d' },
  },
});
const role = values.role?.toUpperCase() as Role;
if (!Object.values(Role).includes(role)) {
  process.stderr.write(`--role must be one of ${Object.values(Role).join(', ')}\n`);
  process.exit(2);
}
if (role === Role.CUSTOMER && !values.customer) {
  process.stderr.write('a CUSTOMER token needs --customer <customer id>\n');
  process.exit(2);
}
const secret = resolveAuthSecrets(loadConfig())[0];
process.stdout.write(
  signToken(
    secret,
    { sub: values.sub ?? `${role.toLowerCase()}-cli`, role, agentId: values.agent, customerId: values.customer },
    values.expires as never,
  ) + '\n',
);
