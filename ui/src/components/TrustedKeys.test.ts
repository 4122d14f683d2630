import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import TrustedKeys from './TrustedKeys.svelte';
import BackupsCard from './BackupsCard.svelte';
import type { BackupWithEncryption } from '../lib/bindings/app';
import type { Enrolment, TrustedKey } from '../lib/bindings/types';

afterEach(() => { cleanup(); clearMocks(); });

describe('TrustedKeys', () => {
  it('lists, enrols by fingerprint with a name and a team, and untrusts after asking', async () => {
    let keys: TrustedKey[] = [];
    const calls: [string, unknown][] = [];
    const fp = 'ab12-cd34-ef56-7890-1122-3344-5566-7788';
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'trusted_keys') return keys;
      if (cmd === 'teams') return [{ id: 't1', code: 'T01' }, { id: 't3', code: 'T03' }];
      if (cmd === 'trust_fingerprint') {
        const { fingerprint, name, enrolment } = args as { fingerprint: string; name: string; enrolment: Enrolment };
        if (fingerprint === 'nope') throw { code: 'invalid_input', message: 'fingerprint: `nope` is not a key fingerprint', details: null };
        const k: TrustedKey = { fingerprint, public_key: null, name, trusted_at: '2024-02-07T04:00:00.000Z',
          role: enrolment.role, team: enrolment.role === 'team' ? enrolment.team : null };
        keys = [k];
        return k;
      }
      if (cmd === 'untrust') { keys = []; return null; }
      return null;
    });
    render(TrustedKeys);
    await waitFor(() => expect(screen.getByTestId('trusted-none')).toBeTruthy());
    // The role: every team, and the core team; nothing chosen until the user does.
    const role = screen.getByTestId('trust-role') as HTMLSelectElement;
    await waitFor(() => expect([...role.options].map((o) => o.value)).toEqual(['', 'T01', 'T03', 'core']));
    expect(role.value).toBe('');
    await fireEvent.change(role, { target: { value: 'T03' } });

    // A bad fingerprint: the library's message shows under the form.
    await fireEvent.input(screen.getByTestId('trust-fingerprint'), { target: { value: 'nope' } });
    await fireEvent.input(screen.getByTestId('trust-name'), { target: { value: 'Team 3' } });
    await fireEvent.submit(screen.getByTestId('trust-form'));
    await waitFor(() => expect(screen.getByTestId('trust-form').textContent).toContain('is not a key fingerprint'));

    await fireEvent.input(screen.getByTestId('trust-fingerprint'), { target: { value: fp } });
    await fireEvent.submit(screen.getByTestId('trust-form'));
    await waitFor(() => expect(screen.getByTestId('trusted-' + fp).textContent).toContain('Team 3'));
    expect(calls.filter(([c]) => c === 'trust_fingerprint').at(-1)).toEqual(['trust_fingerprint', { fingerprint: fp, name: 'Team 3', enrolment: { role: 'team', team: 'T03' } }]);
    expect(screen.getByTestId('trusted-' + fp).textContent).toContain('fingerprint only');
    expect(screen.getByTestId('trusted-' + fp).textContent).toContain('team T03');
    expect(screen.getByTestId('trust-added').textContent).toContain('Team 3');
    expect((screen.getByTestId('trust-name') as HTMLInputElement).value).toBe('');
    expect(screen.queryByTestId('error')).toBeNull();

    await fireEvent.click(screen.getByTestId('untrust-' + fp));
    expect(calls.some(([c]) => c === 'untrust')).toBe(false);
    await fireEvent.click(screen.getByTestId('untrust-' + fp + '-confirm'));
    await waitFor(() => expect(screen.getByTestId('trusted-none')).toBeTruthy());
    expect(calls.filter(([c]) => c === 'untrust')).toEqual([['untrust', { fingerprint: fp }]]);
  });

  it('shows each key’s role: core team, a team, or not enrolled', async () => {
    const at = '2024-02-07T04:00:00.000Z';
    const keys: TrustedKey[] = [
      { fingerprint: 'aaaa-0000-0000-0000-0000-0000-0000-0001', public_key: 'A', name: 'HQ', trusted_at: at, role: 'core', team: null },
      { fingerprint: 'aaaa-0000-0000-0000-0000-0000-0000-0002', public_key: 'B', name: 'Team 3', trusted_at: at, role: 'team', team: 'T03' },
      { fingerprint: 'aaaa-0000-0000-0000-0000-0000-0000-0003', public_key: null, name: 'Old', trusted_at: at, role: 'team', team: null },
    ];
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'trusted_keys') return keys;
      if (cmd === 'teams') return [{ id: 't3', code: 'T03' }];
      if (cmd === 'trust_fingerprint') return { ...keys[0], ...(args as object) };
      return null;
    });
    render(TrustedKeys);
    await waitFor(() => expect(screen.getByTestId('trusted-' + keys[0].fingerprint).textContent).toContain('core team'));
    expect(screen.getByTestId('trusted-' + keys[1].fingerprint).textContent).toContain('team T03');
    expect(screen.getByTestId('trusted-' + keys[2].fingerprint).textContent).toContain('not enrolled');

    // Enrolling as a core key sends the core enrolment.
    await fireEvent.input(screen.getByTestId('trust-fingerprint'), { target: { value: keys[0].fingerprint } });
    await fireEvent.input(screen.getByTestId('trust-name'), { target: { value: 'HQ 2' } });
    await fireEvent.change(screen.getByTestId('trust-role'), { target: { value: 'core' } });
    await fireEvent.submit(screen.getByTestId('trust-form'));
    await waitFor(() => expect(calls.some(([c]) => c === 'trust_fingerprint')).toBe(true));
    expect(calls.find(([c]) => c === 'trust_fingerprint')?.[1]).toEqual({ fingerprint: keys[0].fingerprint, name: 'HQ 2', enrolment: { role: 'core' } });
  });
});

describe('BackupsCard', () => {
  it('lists the backups and takes one on request', async () => {
    const backups: BackupWithEncryption[] = [{ id: '20240207T040000.000Z-start', taken_at: '2024-02-07T04:00:00.000Z', reason: 'start', size: 2048, ok: true, path: '/data/backups/m.eom.20240207T040000.000Z-start', encrypted: false }];
    mockIPC((cmd) => {
      if (cmd === 'backups_of_database') return { folder: '/data/backups', backups: [...backups] };
      if (cmd === 'backup_now') {
        const b: BackupWithEncryption = { id: '20240207T050000.000Z-manual', taken_at: '2024-02-07T05:00:00.000Z', reason: 'manual', size: 2048, ok: true, path: '/data/backups/m.eom.20240207T050000.000Z-manual', encrypted: false };
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
