import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import FirstStart from './FirstStart.svelte';
import { app, go } from '../lib/state.svelte';
import type { Mission } from '../lib/api';

afterEach(() => { cleanup(); clearMocks(); });

describe('FirstStart: joining a mission with a kit', () => {
  it('joins with the core team’s fingerprint, shows the fingerprints to compare and read back, then goes to the day', async () => {
    const core = 'ab12-cd34-ef56-7890-1122-3344-5566-7788';
    const laptop = '3f2a-0000-1111-2222-3333-4444-5555-6666';
    const asked: unknown[] = [];
    let wrong = true;
    mockIPC((cmd, args) => {
      if (cmd === 'join_kit') {
        asked.push(args);
        if (wrong) throw { code: 'signature_mismatch', message: 'the kit is not signed by the key ab12-…', details: null };
        return { mission: 'EOM Azerbaijan 2024', team: 'T03', signed_by: { name: 'HQ', public_key: 'K', fingerprint: core },
          core_keys: [{ name: 'HQ', public_key: 'K', fingerprint: core }], laptop_fingerprint: laptop };
      }
      if (cmd === 'app_info') return { db_path: '', mission: { name: 'EOM Azerbaijan 2024' }, open_error: null, report_languages: ['en'], key_fingerprint: laptop, key_public: null };
      return null;
    });
    app.mission = null as Mission | null;
    go({ name: 'first-start' });
    render(FirstStart);
    await fireEvent.input(screen.getByTestId('join-fingerprint'), { target: { value: ` ${core} ` } });
    await fireEvent.click(screen.getByTestId('join-kit'));
    await waitFor(() => expect(screen.getByTestId('join').textContent).toContain('not signed by the key'));
    expect(asked).toEqual([{ coreFingerprint: core }]);

    wrong = false;
    await fireEvent.click(screen.getByTestId('join-kit'));
    await waitFor(() => expect(screen.getByTestId('join-result')).toBeTruthy());
    expect(screen.getByTestId('join-result').textContent).toContain('EOM Azerbaijan 2024');
    expect(screen.getByTestId('join-result').textContent).toContain('T03');
    expect(screen.getByTestId('join-signed-by').textContent).toBe(core);
    expect(screen.getByTestId('join-laptop-fingerprint').textContent).toBe(laptop);
    expect(screen.queryByTestId('error')).toBeNull();

    await fireEvent.click(screen.getByTestId('join-continue'));
    await waitFor(() => expect(app.screen.name).toBe('day'));
    expect(app.mission?.name).toBe('EOM Azerbaijan 2024');
  });
});
