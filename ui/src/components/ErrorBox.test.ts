import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, cleanup } from '@testing-library/svelte';
import ErrorBox from './ErrorBox.svelte';
import { setLang } from '../lib/i18n.svelte';
import type { AppError } from '../lib/bindings/app';

afterEach(() => { cleanup(); setLang('en'); });

const csv: AppError = {
  code: 'invalid_file',
  message: 'stations.csv: 1 invalid line(s), nothing was imported:\n  line 3, column `code`: empty',
  details: { kind: 'lines', lines: [{ line: 3, column: 'code', message: 'empty' }] },
};

describe('ErrorBox', () => {
  it('says what went wrong in the UI language and keeps the library’s message as the detail', () => {
    setLang('az');
    render(ErrorBox, { props: { error: csv } });
    expect(screen.getByTestId('error').dataset.code).toBe('invalid_file');
    expect(screen.getByTestId('error-text').textContent).toBe('Bu fayldan istifadə etmək mümkün deyil; ondan heç nə götürülmədi.');
    // The detail names the file: its first line only, the lines are in the table.
    expect(screen.getByTestId('error-detail').textContent).toBe('stations.csv: 1 invalid line(s), nothing was imported:');
    expect(screen.getByTestId('line-errors').textContent).toContain('Sətir');
  });
  it('speaks Russian and English too, and shows the whole message when asked', () => {
    setLang('ru');
    render(ErrorBox, { props: { error: { code: 'wrong_passphrase', message: '/data/m.eom: the passphrase does not open this database', details: null } } });
    expect(screen.getByTestId('error-text').textContent).toBe('Неверный пароль.');
    expect(screen.getByTestId('error-detail').textContent).toContain('passphrase does not open');
    cleanup();
    setLang('en');
    render(ErrorBox, { props: { error: csv, full: true } });
    expect(screen.getByTestId('error-text').textContent).toBe('The file cannot be used; nothing was taken from it.');
    expect(screen.getByTestId('error-detail').textContent).toContain('line 3, column `code`: empty');
  });
});
