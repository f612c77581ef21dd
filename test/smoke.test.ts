import { Role, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

test('viewer answers for a valid token', async () => {
  const r = await t.gql(t.token(Role.ADMIN), '{ viewer { role sub } }');
  expect(r.errors).toBeUndefined();
  expect(r.data.viewer).toEqual({ role: 'ADMIN', sub: 'admin-test' });
});
