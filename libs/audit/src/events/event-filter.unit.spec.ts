import { DomainError } from '#common';
import { parseEventFilter, parseEventPage, parsePrincipalMatch } from './event-filter.js';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? [error.status, error.code] : error;
  }
  return undefined;
};

describe('audit event filters', () => {
  it('reads every filter, types split at commas, times as instants', () => {
    expect(
      parseEventFilter({
        streamId: 'user-1',
        actorArn: 'acs:ram::1000000000000001:root',
        type: 'UserCreated,UserDeleted',
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-02T00:00:00+01:00',
      }),
    ).toEqual({
      streamId: 'user-1',
      actorArn: 'acs:ram::1000000000000001:root',
      types: ['UserCreated', 'UserDeleted'],
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-01T23:00:00Z'),
    });
    expect(parseEventFilter({})).toEqual({});
  });

  it('knows the kind and name of user, group and role ARNs, and takes any other ARN as it is', () => {
    expect(parsePrincipalMatch('acs:ram::1000000000000001:group/Ops')).toEqual({
      arn: 'acs:ram::1000000000000001:group/Ops',
      named: { kind: 'Group', name: 'Ops' },
    });
    expect(parsePrincipalMatch('acs:ram::1000000000000001:assumed-role/ops/s1')).toEqual({
      arn: 'acs:ram::1000000000000001:assumed-role/ops/s1',
    });
  });

  it.each([
    [{ principalArn: 'alice' }, 'InvalidParameter.PrincipalArn'],
    [{ type: 'User Created' }, 'InvalidParameter.Type'],
    [{ from: '2026-11-01' }, 'InvalidParameter.From'],
    [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'InvalidParameter.To'],
    [{ streamId: ['a', 'b'] }, 'InvalidParameter.StreamId'],
  ])('refuses %p', (query, code) => {
    expect(refusal(() => parseEventFilter(query))).toEqual([400, code]);
  });

  it('pages with a default of 100, at most 1000, after a cursor it issued', () => {
    expect(parseEventPage({})).toEqual({ filter: {}, limit: 100 });
    expect(refusal(() => parseEventPage({ limit: '1001' }))).toEqual([400, 'InvalidParameter.Limit']);
    expect(refusal(() => parseEventPage({ after: 'not-a-cursor' }))).toEqual([
      400,
      'InvalidParameter.Cursor',
    ]);
  });
});
