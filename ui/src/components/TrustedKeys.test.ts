import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import TrustedKeys from './TrustedKeys.svelte';
import BackupsCard from './BackupsCard.svelte';
import type { BackupFile, TrustedKey } from '../lib/bindings/types';

afterEach(() => { cleanup(); clearMocks(); });

describe('TrustedKeys', () => {
  it('lists, trusts by fingerprint with a name, and untrusts after asking', async () => {
    let keys: TrustedKey[] = [];
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'trusted_keys') return keys;
      if (cmd === 'trust_fingerprint') {
        const { fingerprint, name } = args as { fingerprint: string; name: string };
        if (fingerprint === 'nope') throw { code: 'invalid_input', message: 'fingerprint: `nope` is not a key fingerprint', details: null };
        const k = { fingerprint, public_key: null, name, trusted_at: '2024-02-07T04:00:00.000Z' };
        keys = [k];
        return k;
      }
      if (cmd === 'untrust') { keys = []; return null; }
      return null;
    });
    render(TrustedKeys);
    await waitFor(() => expect(screen.getByTestId('trusted-none')).toBeTruthy());

    // A bad fingerprint: the library's message shows under the form.
    await fireEvent.input(screen.getByTestId('trust-fingerprint'), { target: { value: 'nope' } });
    await fireEvent.input(screen.getByTestId('trust-name'), { target: { value: 'Team 3' } });
    await fireEvent.submit(screen.getByTestId('trust-form'));
    await waitFor(() => expect(screen.getByTestId('trust-form').textContent).toContain('is not a key fingerprint'));

    await fireEvent.input(screen.getByTestId('trust-fingerprint'), { target: { value: 'ab12-cd34-ef56-7890' } });
    await fireEvent.submit(screen.getByTestId('trust-form'));
    await waitFor(() => expect(screen.getByTestId('trusted-ab12-cd34-ef56-7890').textContent).toContain('Team 3'));
    expect(screen.getByTestId('trusted-ab12-cd34-ef56-7890').textContent).toContain('fingerprint only');
    expect(screen.getByTestId('trust-added').textContent).toContain('Team 3');
    expect((screen.getByTestId('trust-name') as HTMLInputElement).value).toBe('');
    expect(screen.queryByTestId('error')).toBeNull();

    await fireEvent.click(screen.getByTestId('untrust-ab12-cd34-ef56-7890'));
    expect(calls.some(([c]) => c === 'untrust')).toBe(false);
    await fireEvent.click(screen.getByTestId('untrust-ab12-cd34-ef56-7890-confirm'));
    await waitFor(() => expect(screen.getByTestId('trusted-none')).toBeTruthy());
    expect(calls.filter(([c]) => c === 'untrust')).toEqual([['untrust', { fingerprint: 'ab12-cd34-ef56-7890' }]]);
  });
});

describe('BackupsCard', () => {
  it('lists the backups and takes one on request', async () => {
    const backups: BackupFile[] = [{ id: '20240207T040000.000Z-start', taken_at: '2024-02-07T04:00:00.000Z', reason: 'start', size: 2048, ok: true, encrypted: false }];
    mockIPC((cmd) => {
      if (cmd === 'backups_of_database') return { folder: '/data/backups', backups: [...backups] };
      if (cmd === 'backup_now') {
        const b: BackupFile = { id: '20240207T050000.000Z-manual', taken_at: '2024-02-07T05:00:00.000Z', reason: 'manual', size: 2048, ok: true, encrypted: false };
        backups.unshift(b);
        return b;
      }
      return null;
    });
    render(BackupsCard);
    await waitFor(() => expect(screen.getByTestId('backup-20240207T040000.000Z-start').textContent).toContain('App started'));
    expect(screen.getByTestId('backups').textContent).toContain('/data/backups');
    // No restore while the database is open: the card says how instead.
    expect(screen.getByTestId('backups').querySelectorAll('button')).toHaveLength(1);
    expect(screen.getByTestId('backups').textContent).toContain('eom backup restore');
    await fireEvent.click(screen.getByTestId('backup-now'));
    await waitFor(() => expect(screen.getByTestId('backup-20240207T050000.000Z-manual').textContent).toContain('On request'));
    expect(screen.getByTestId('backup-taken')).toBeTruthy();
  });
});
