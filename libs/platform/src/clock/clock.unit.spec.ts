import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { systemClock } from '#platform';

@Injectable()
class Holder {
  readonly clock = systemClock;
}

describe('system clock', () => {
  it('returns the current time and resolves through Nest DI', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [Holder] }).compile();
    const now = moduleRef.get(Holder).clock.now().getTime();
    expect(Math.abs(now - Date.now())).toBeLessThan(1000);
  });
});
