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
      if (cmd === 'app_info') return { db_path: '', mission: { name: 'EOM Azerbaijan 2024' }, unopened_reason: null, report_languages: ['en'], key_fingerprint: laptop, key_public: null };
      return null;
    });
    app.mission = null as Mission | null;
    go({ name: 'first-start' });
    render(FirstStart);
    await fireEvent.input(screen.getByTestId('join-fingerprint'), { target: { value: ` ${core} ` } });
    expect((screen.getByTestId('join-kit') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('join-pass'), { target: { value: 'violet tractor lagoon' } });
    await fireEvent.input(screen.getByTestId('join-pass-again'), { target: { value: 'violet tractor lagoon' } });
    await fireEvent.click(screen.getByTestId('join-kit'));
    await waitFor(() => expect(screen.getByTestId('join').textContent).toContain('not signed by the key'));
    expect(asked).toEqual([{ coreFingerprint: core, passphrase: 'violet tractor lagoon' }]);

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

describe('FirstStart: a new mission is encrypted unless the user says otherwise', () => {
  function fillMission() {
    for (const [id, value] of [['m-name', 'Delegation'], ['m-country', 'Azerbaijan'], ['m-election', 'Early presidential'], ['m-tz', 'Asia/Baku']]) {
      void fireEvent.input(screen.getByTestId(id), { target: { value } });
    }
  }

  it('asks the passphrase twice with a strength hint, then creates the mission encrypted with it', async () => {
    const created: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'passphrase_strength') {
        const weak = (args as { passphrase: string }).passphrase.length < 10;
        return { score: weak ? 1 : 4, strong_enough: !weak, warning: weak ? 'This is a very common password.' : null, suggestions: [], crack_time: weak ? '2 minutes' : 'centuries' };
      }
      if (cmd === 'create_mission') { created.push(args); return { name: 'Delegation' }; }
      return null;
    });
    app.mission = null as Mission | null;
    go({ name: 'first-start' });
    render(FirstStart);
    fillMission();
    const create = screen.getByTestId('m-create') as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('m-pass'), { target: { value: 'secret1' } });
    await waitFor(() => expect(screen.getByTestId('m-pass-hint').textContent).toContain('Weak'));
    expect(screen.getByTestId('m-pass-strength').getAttribute('data-score')).toBe('1');
    await fireEvent.input(screen.getByTestId('m-pass-again'), { target: { value: 'secret2' } });
    expect(screen.getByTestId('m-pass-mismatch')).toBeTruthy();
    expect(create.disabled).toBe(true);

    await fireEvent.input(screen.getByTestId('m-pass'), { target: { value: 'violet tractor seventeen lagoon' } });
    await fireEvent.input(screen.getByTestId('m-pass-again'), { target: { value: 'violet tractor seventeen lagoon' } });
    await waitFor(() => expect(screen.getByTestId('m-pass-hint').textContent).toContain('Very strong'));
    expect(screen.queryByTestId('m-pass-mismatch')).toBeNull();
    expect(create.disabled).toBe(false);
    await fireEvent.click(create);
    await waitFor(() => expect(app.screen.name).toBe('stations'));
    expect(created).toHaveLength(1);
    expect((created[0] as { passphrase: string }).passphrase).toBe('violet tractor seventeen lagoon');
  });

  it('creates a plaintext mission only through the explicit second choice', async () => {
    const created: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'create_mission') { created.push(args); return { name: 'Delegation' }; }
      return null;
    });
    app.mission = null as Mission | null;
    go({ name: 'first-start' });
    render(FirstStart);
    fillMission();
    await fireEvent.click(screen.getByTestId('m-create-plain'));
    await waitFor(() => expect(created).toHaveLength(1));
    expect((created[0] as { passphrase: string | null }).passphrase).toBeNull();
  });
});
