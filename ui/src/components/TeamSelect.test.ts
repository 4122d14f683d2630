import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, cleanup } from '@testing-library/svelte';
import TeamSelect from './TeamSelect.svelte';

afterEach(() => cleanup());

const many = Array.from({ length: 2500 }, (_, i) => ({ value: `id${i}`, label: `T${String(i + 1).padStart(4, '0')}` }));

describe('TeamSelect', () => {
  it('keeps a few teams in the page as they are', () => {
    render(TeamSelect, { value: 'b', choices: [{ value: 'a', label: 'T01' }, { value: 'b', label: 'T02' }], empty: 'All', testid: 's' });
    const s = screen.getByTestId('s') as HTMLSelectElement;
    expect([...s.options].map((o) => o.textContent)).toEqual(['All', 'T01', 'T02']);
    expect(s.value).toBe('b');
  });

  it('puts thousands of teams in the page only while the select has focus', async () => {
    render(TeamSelect, { value: 'id41', choices: many, empty: 'All', testid: 's' });
    const s = screen.getByTestId('s') as HTMLSelectElement;
    expect([...s.options].map((o) => o.textContent)).toEqual(['All', 'T0042']);
    expect(s.value).toBe('id41');
    await fireEvent.focus(s);
    expect(s.options.length).toBe(2501);
    expect(s.value).toBe('id41');
    await fireEvent.blur(s);
    expect(s.options.length).toBe(2);
    expect(s.value).toBe('id41');
  });

  it('opens on the pointer before the list shows, and reports the choice', async () => {
    let changed = 0;
    render(TeamSelect, { value: '', choices: many, empty: 'All', testid: 's', onchange: () => changed++ });
    const s = screen.getByTestId('s') as HTMLSelectElement;
    expect(s.options.length).toBe(1);
    await fireEvent.pointerDown(s);
    expect(s.options.length).toBe(2501);
    s.value = 'id7';
    await fireEvent.change(s);
    expect(changed).toBe(1);
    await fireEvent.blur(s);
    expect([...s.options].map((o) => o.textContent)).toEqual(['All', 'T0008']);
    expect(s.value).toBe('id7');
  });
});
