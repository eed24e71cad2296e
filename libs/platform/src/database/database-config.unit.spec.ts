import { resolveDatabaseUrl } from './database-config.js';

describe('resolveDatabaseUrl with DATABASE_URL', () => {
  it('uses it as it is and has nothing to stop', async () => {
    const url = 'postgres://app:secret@db:5432/access_ledger';
    const resolved = await resolveDatabaseUrl({ env: { DATABASE_URL: url } });
    expect(resolved).toMatchObject({ url, embedded: false });
    await expect(resolved.stop()).resolves.toBeUndefined();
  });

  it('logs where it connects without the credentials', async () => {
    const lines: string[] = [];
    const log = {
      info: (fields: object, message: string) => lines.push(message + JSON.stringify(fields)),
      warn: () => {},
    };
    await resolveDatabaseUrl({ env: { DATABASE_URL: 'postgres://app:secret@db:6543/ledger' }, log });
    expect(lines.join()).toContain('db:6543/ledger');
    expect(lines.join()).not.toContain('secret');
  });

  it.each(['not a url with secret', 'mysql://app:secret@db/ledger'])(
    'rejects %p without echoing it',
    async (url) => {
      const failure = resolveDatabaseUrl({ env: { DATABASE_URL: url } });
      await expect(failure).rejects.toThrow(/DATABASE_URL/);
      await expect(failure).rejects.not.toThrow(/secret/);
    },
  );
});
