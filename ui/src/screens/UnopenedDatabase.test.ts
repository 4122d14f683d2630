import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import UnopenedDatabase from './UnopenedDatabase.svelte';
import type { AppError, AppInfo, BackupWithEncryption } from '../lib/bindings/app';

afterEach(() => { cleanup(); clearMocks(); });

const backup = (id: string, ok: boolean, encrypted = false): BackupWithEncryption =>
  ({ id, taken_at: '2024-02-07T04:00:00.000Z', reason: 'start', size: 405504, ok, path: `/data/backups/mission.eom.${id}`, encrypted });
const info: AppInfo = { db_path: '/data/mission.eom', mission: { name: 'Restored' } as never, unopened_reason: null, report_languages: ['en'], key_fingerprint: null, key_public: null, encrypted: false, laptop_team: null };

function mock(backups: BackupWithEncryption[], restore: (args: { id: string; passphrase: string | null }) => unknown) {
  const calls: { id: string; passphrase: string | null }[] = [];
  mockIPC((cmd, args) => {
    if (cmd === 'backups_of_database') return { folder: '/data/backups', backups };
    if (cmd === 'restore_backup') { const a = args as { id: string; passphrase: string | null }; calls.push(a); return restore(a); }
    if (cmd === 'unlock') throw { code: 'wrong_passphrase', message: '/data/mission.eom: the passphrase does not open this database', details: null };
    return null;
  });
  return calls;
}

describe('UnopenedDatabase: the database will not open', () => {
  it('shows the error and the backups, restores a checked one after asking, and carries on', async () => {
    const calls = mock([backup('20240207T050000.000Z-hourly', false), backup('20240207T040000.000Z-start', true)], () => info);
    const opened: [AppInfo, BackupWithEncryption | null][] = [];
    const error: AppError = { code: 'database', message: 'database error: database disk image is malformed', details: null };
    render(UnopenedDatabase, { props: { error, dbPath: '/data/mission.eom', onopened: (i: AppInfo, b: BackupWithEncryption | null) => opened.push([i, b]) } });

    expect(screen.getByTestId('error').textContent).toContain('disk image is malformed');
    await waitFor(() => expect(screen.getByTestId('backup-list')).toBeTruthy());
    // The copy that failed its check is listed without a restore button.
    const failed = screen.getByTestId('backup-20240207T050000.000Z-hourly');
    expect(failed.textContent).toContain('failed its check');
    expect(failed.querySelector('button')).toBeNull();
    expect(screen.getByTestId('restore').textContent).toContain('mission.eom.broken-');

    await fireEvent.click(screen.getByTestId('restore-20240207T040000.000Z-start'));
    expect(calls).toEqual([]); // asked in place first
    await fireEvent.click(screen.getByTestId('restore-20240207T040000.000Z-start-confirm'));
    await waitFor(() => expect(opened).toHaveLength(1));
    expect(calls).toEqual([{ id: '20240207T040000.000Z-start', passphrase: null }]);
    expect(opened[0][0].mission?.name).toBe('Restored');
    expect(opened[0][1]?.id).toBe('20240207T040000.000Z-start');
  });

  it('offers the backups beside the passphrase form and reuses the passphrase for encrypted ones', async () => {
    const calls = mock([backup('20240207T040000.000Z-start', true, true)], () => { throw { code: 'database', message: 'backup x: quick_check found: corrupt', details: null }; });
    const error: AppError = { code: 'passphrase_required', message: 'encrypted', details: null };
    render(UnopenedDatabase, { props: { error, dbPath: '/data/mission.eom', onopened: () => {} } });
    await waitFor(() => expect(screen.getByTestId('backup-list')).toBeTruthy());
    expect(screen.queryByTestId('restore-damaged')).toBeNull();

    const field = screen.getByTestId('unlock-passphrase') as HTMLInputElement;
    await fireEvent.input(field, { target: { value: 'secret words' } });
    await fireEvent.click(screen.getByTestId('unlock-open'));
    await waitFor(() => expect(screen.getByTestId('error').textContent).toContain('passphrase does not open'));

    await fireEvent.click(screen.getByTestId('restore-20240207T040000.000Z-start'));
    await fireEvent.click(screen.getByTestId('restore-20240207T040000.000Z-start-confirm'));
    await waitFor(() => expect(calls).toEqual([{ id: '20240207T040000.000Z-start', passphrase: 'secret words' }]));
    // The library's refusal shows in the backups card, where the user clicked.
    await waitFor(() => expect(screen.getByTestId('restore').querySelector('[data-code="database"]')?.textContent).toContain('quick_check'));
  });

  it('says a file that "looks encrypted" beside plaintext backups is probably damaged', async () => {
    mock([backup('20240207T040000.000Z-start', true, false)], () => info);
    const error: AppError = { code: 'passphrase_required', message: 'encrypted', details: null };
    render(UnopenedDatabase, { props: { error, dbPath: '/data/mission.eom', onopened: () => {} } });
    await waitFor(() => expect(screen.getByTestId('restore-damaged')).toBeTruthy());
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('damaged, or encrypted');
  });

  it('says so when there are no backups', async () => {
    mock([], () => info);
    const error: AppError = { code: 'newer_database', message: 'newer', details: null };
    render(UnopenedDatabase, { props: { error, dbPath: '/data/mission.eom', onopened: () => {} } });
    await waitFor(() => expect(screen.getByTestId('restore-none').textContent).toContain('/data/backups'));
  });
});
