import { describe, expect, it } from 'vitest';
import { askAsTyped } from './search-keys';

describe('askAsTyped', () => {
  it('asks at the first key and once more for all the keys typed while it waited', async () => {
    let search = '';
    const asked: string[] = [];
    let answer: () => void = () => {};
    const typed = askAsTyped(() => { asked.push(search); return new Promise<void>((r) => { answer = r; }); });
    search = 'B'; void typed();
    search = 'Ba'; void typed();
    search = 'Bak'; void typed();
    expect(asked).toEqual(['B']);
    answer();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['B', 'Bak']);
    answer();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['B', 'Bak']);
  });
});
