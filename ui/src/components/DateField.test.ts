import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, cleanup } from '@testing-library/svelte';
import DateField from './DateField.svelte';
import { setLang } from '../lib/i18n.svelte';

afterEach(() => { cleanup(); setLang('en'); });

describe('DateField', () => {
  it('shows and reads the date day first in the UI language, confirms it in words, and says when it is no date', async () => {
    const bound = { value: '2024-02-07' };
    render(DateField, { props: { get value() { return bound.value; }, set value(v: string) { bound.value = v; }, testid: 'd' } });
    const input = screen.getByTestId('d') as HTMLInputElement;
    expect(input.value).toBe('07/02/2024');
    expect(screen.getByTestId('d-words').textContent).toBe('Wednesday, 7 February 2024');
    await fireEvent.input(input, { target: { value: '9/3/2025' } });
    expect(bound.value).toBe('2025-03-09');
    expect(screen.getByTestId('d-words').textContent).toBe('Sunday, 9 March 2025');
    await fireEvent.input(input, { target: { value: '31/02/2025' } });
    expect(bound.value).toBe('2025-03-09');
    expect(screen.getByTestId('d-words').textContent).toContain('Not a date');
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('writes Russian dates with dots', async () => {
    setLang('ru');
    render(DateField, { value: '2024-02-07', testid: 'd' });
    expect((screen.getByTestId('d') as HTMLInputElement).value).toBe('07.02.2024');
    expect(screen.getByTestId('d-words').textContent).toContain('7 февраля 2024');
  });
});
