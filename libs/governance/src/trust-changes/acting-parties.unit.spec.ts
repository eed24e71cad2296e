import { ACCOUNT, AccountBuilder, arnOf, NOW, trustText } from '../escalation/testing/account-builder.js';
import { sessionSources } from './acting-parties.js';

const session = (role: string, name: string) => `acs:ram::${ACCOUNT}:assumed-role/${role}/${name}`;

describe('who is behind a role session', () => {
  it('follows RoleAssumed callers through chains; a user or an unknown session has none', () => {
    const account = new AccountBuilder()
      .user('paula')
      .role('a', trustText([arnOf.user('paula')]))
      .role('b', trustText([arnOf.role('a')]))
      .session('a', arnOf.user('paula'), new Date(NOW.getTime() - 60_000), 's1')
      .session('b', session('a', 's1'), new Date(NOW.getTime() - 30_000), 's2');
    const model = account.model;
    expect(sessionSources(model, session('a', 's1'), NOW)).toEqual([arnOf.user('paula')]);
    expect(sessionSources(model, session('b', 's2'), NOW)).toEqual([session('a', 's1'), arnOf.user('paula')]);
    expect(sessionSources(model, arnOf.user('paula'), NOW)).toEqual([]);
    expect(sessionSources(model, session('a', 'unknown'), NOW)).toEqual([]);
  });
});
