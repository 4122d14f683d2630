import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import ZonePicker from './ZonePicker.svelte';
import LanguagePicker from './LanguagePicker.svelte';

afterEach(() => { cleanup(); clearMocks(); });

const ZONES = [
  { name: 'Asia/Baku', offset_minutes: 240, offset: 'UTC+04:00', countries: ['Azerbaijan'] },
  { name: 'Asia/Tbilisi', offset_minutes: 240, offset: 'UTC+04:00', countries: ['Georgia'] },
  { name: 'Europe/Moscow', offset_minutes: 180, offset: 'UTC+03:00', countries: ['Russia'] },
  { name: 'America/Sao_Paulo', offset_minutes: -180, offset: 'UTC-03:00', countries: ['Brazil'] },
];

describe('ZonePicker', () => {
  it('finds a zone by city, country or offset and shows its offset once chosen', async () => {
    mockIPC((cmd) => (cmd === 'time_zones' ? ZONES : null));
    render(ZonePicker, { value: '', testid: 'tz' });
    const input = screen.getByTestId('tz') as HTMLInputElement;
    await waitFor(() => expect(input).toBeTruthy());
    await new Promise((r) => setTimeout(r, 0));
    await fireEvent.input(input, { target: { value: 'baku' } });
    await waitFor(() => expect(screen.getByTestId('tz-Asia/Baku').textContent).toContain('UTC+04:00'));
    expect(screen.queryByTestId('tz-Asia/Tbilisi')).toBeNull();
    await fireEvent.input(input, { target: { value: 'Georgia' } });
    await waitFor(() => expect(screen.getByTestId('tz-Asia/Tbilisi')).toBeTruthy());
    await fireEvent.input(input, { target: { value: 'sao paulo' } });
    await waitFor(() => expect(screen.getByTestId('tz-America/Sao_Paulo')).toBeTruthy());
    await fireEvent.input(input, { target: { value: '+04' } });
    await waitFor(() => expect(document.querySelectorAll('[data-testid^="tz-"]').length).toBe(2));
    await fireEvent.click(screen.getByTestId('tz-Asia/Baku'));
    expect(input.value).toBe('Asia/Baku');
    await waitFor(() => expect(screen.getByTestId('tz-offset').textContent).toBe('UTC+04:00 · Azerbaijan'));
    expect(document.querySelectorAll('[data-testid^="tz-"]').length).toBe(1);
    // Enter takes the first match.
    await fireEvent.input(input, { target: { value: 'moscow' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.value).toBe('Europe/Moscow');
  });
});

describe('LanguagePicker', () => {
  it('lists languages by name and keeps the order they were ticked, with codes it does not name', async () => {
    const picked = { value: ['en', 'xx'] };
    render(LanguagePicker, { props: { get value() { return picked.value; }, set value(v: string[]) { picked.value = v; }, testid: 'langs' } });
    expect(screen.getByTestId('langs').textContent).toContain('Russian');
    expect(screen.getByTestId('langs').textContent).toContain('Azerbaijani');
    expect((screen.getByTestId('langs-en') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('langs-xx')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('langs-az'));
    await fireEvent.click(screen.getByTestId('langs-ru'));
    expect(picked.value).toEqual(['en', 'xx', 'az', 'ru']);
  });
});
