import { describe, expect, it } from 'vitest';
import { inOrder } from './in-order';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('inOrder', () => {
  it('starts each task after the one before has settled, whatever their speed', async () => {
    const queue = inOrder();
    const log: string[] = [];
    const slow = queue(async () => { log.push('start yes'); await after(30, null); log.push('end yes'); return 'yes'; });
    const fast = queue(async () => { log.push('start no'); await after(1, null); log.push('end no'); return 'no'; });
    expect(await Promise.all([slow, fast])).toEqual(['yes', 'no']);
    expect(log).toEqual(['start yes', 'end yes', 'start no', 'end no']);
  });

  it('goes on after a failed task and gives each caller its own outcome', async () => {
    const queue = inOrder();
    const failed = queue(() => Promise.reject(new Error('disk full')));
    const next = queue(async () => 'saved');
    await expect(failed).rejects.toThrow('disk full');
    expect(await next).toBe('saved');
  });
});
