import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import Exchange from './Exchange.svelte';
import { app } from '../lib/state.svelte';

afterEach(() => { cleanup(); clearMocks(); });

describe('Exchange: the mission report', () => {
  it('asks the library for the chosen edition and language and shows where it was written', async () => {
    const asked: unknown[] = [];
    app.mission = { languages: ['ru', 'en'] } as never;
    mockIPC((cmd, args) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '/tmp/m.eom', mission: app.mission, open_error: null, report_languages: ['en', 'ru', 'az'] };
      if (cmd === 'export_report') { asked.push((args as { request: unknown }).request); return { paths: ['/tmp/report.pdf'] }; }
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    // The mission's first language that the report knows is preselected.
    await waitFor(() => expect((screen.getByTestId('report-lang') as HTMLSelectElement).value).toBe('ru'));
    await fireEvent.click(screen.getByTestId('report-detail'));
    await fireEvent.click(screen.getByTestId('export-pdf'));
    await waitFor(() => expect(screen.getByTestId('written').textContent).toContain('/tmp/report.pdf'));
    expect(asked).toEqual([{ format: 'pdf', edition: 'internal', lang: 'ru', detail: true }]);

    // The public edition has no per-visit pages: the box is disabled and never sent as true.
    const edition = screen.getByTestId('report-edition') as HTMLSelectElement;
    edition.value = 'public';
    await fireEvent.change(edition);
    expect((screen.getByTestId('report-detail') as HTMLInputElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('export-html'));
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1]).toEqual({ format: 'html', edition: 'public', lang: 'ru', detail: false });
  });

  it('shows who signed a bundle, and applies an unsigned one only after explicit consent', async () => {
    const applied: unknown[] = [];
    app.mission = { languages: ['en'] } as never;
    let signer: unknown = null;
    const report = () => ({ summary: { mission: 'M', exported_at: null, visits: 1, checklists: 1 }, exported_by_device: null,
      exported_by_team: 'T01', signer, applied: false, kinds: [['visits', { added: 1, updated: 0, unchanged: 0, kept_local: 0 }]] });
    mockIPC((cmd, args) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, open_error: null, report_languages: ['en'], key_fingerprint: 'aaaa-bbbb-cccc-dddd', key_public: null };
      if (cmd === 'choose_bundle') return report();
      if (cmd === 'import_bundle') { applied.push((args as { allowUnsigned: boolean }).allowUnsigned); return { ...report(), applied: true }; }
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-unsigned')).toBeTruthy());
    const apply = screen.getByTestId('import-apply') as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('accept-unsigned'));
    expect(apply.disabled).toBe(false);
    await fireEvent.click(apply);
    await waitFor(() => expect(applied).toEqual([true]));

    signer = { fingerprint: '1234-5678-9abc-def0', public_key: 'x', signed_at: '2024-02-07T20:00:00.000Z', trusted_as: 'Team 3' };
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-signer').textContent).toContain('Team 3'));
    expect(screen.getByTestId('import-signer').textContent).toContain('1234-5678-9abc-def0');
    await fireEvent.click(screen.getByTestId('import-apply'));
    await waitFor(() => expect(applied).toEqual([true, false]));
  });

  it('offers to trust an untrusted signer under a name before importing', async () => {
    app.mission = { languages: ['en'] } as never;
    const trusted: unknown[] = [];
    const signer = { fingerprint: '1234-5678-9abc-def0', public_key: 'S2V5', signed_at: '2024-02-07T20:00:00.000Z', trusted_as: null };
    mockIPC((cmd, args) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, open_error: null, report_languages: ['en'], key_fingerprint: null, key_public: null };
      if (cmd === 'choose_bundle') return { summary: { mission: 'M', exported_at: null, visits: 1, checklists: 1 }, exported_by_device: null,
        exported_by_team: 'T03', signer: { ...signer }, applied: false, kinds: [] };
      if (cmd === 'trust_signer') {
        trusted.push(args);
        const { name } = args as { name: string };
        if (!name.trim()) throw { code: 'invalid_input', message: 'name: a trusted key needs a name', details: null };
        return { fingerprint: signer.fingerprint, public_key: signer.public_key, name, trusted_at: '2024-02-07T21:00:00.000Z' };
      }
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-signer').textContent).toContain('does not trust'));
    // A name the library refuses: its message shows next to the field.
    await fireEvent.input(screen.getByTestId('trust-signer-name'), { target: { value: ' ' } });
    await fireEvent.submit(screen.getByTestId('trust-signer'));
    await waitFor(() => expect(screen.getByTestId('trust-signer').textContent).toContain('needs a name'));

    await fireEvent.input(screen.getByTestId('trust-signer-name'), { target: { value: 'Team 3' } });
    await fireEvent.submit(screen.getByTestId('trust-signer'));
    await waitFor(() => expect(screen.getByTestId('import-signer').textContent).toContain('trusted as “Team 3”'));
    expect(trusted.at(-1)).toEqual({ publicKey: 'S2V5', name: 'Team 3' });
    expect(screen.queryByTestId('trust-signer')).toBeNull();
    expect(screen.getByTestId('import-signer').className).toContain('ok-box');
  });

  it('warns when the bundle carries a broken edit history, and still lets it be imported', async () => {
    app.mission = { languages: ['en'] } as never;
    let history_break: unknown = null;
    const signer = { fingerprint: '1234-5678-9abc-def0', public_key: 'x', signed_at: '2024-02-07T20:00:00.000Z', trusted_as: 'Team 3' };
    mockIPC((cmd) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, open_error: null, report_languages: ['en'], key_fingerprint: null, key_public: null };
      if (cmd === 'choose_bundle') return { summary: { mission: 'M', exported_at: null, visits: 1, checklists: 1 }, exported_by_device: null,
        exported_by_team: 'T03', signer, applied: false, kinds: [], history_break };
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-signer')).toBeTruthy());
    expect(screen.queryByTestId('import-history-break')).toBeNull();

    history_break = { device: 'd', n: 3, kind: 'team', record_id: 'r', message: 'the history was changed' };
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-history-break').textContent).toContain('broken at entry 3'));
    expect(screen.getByTestId('import-history-break').textContent).toContain('the history was changed');
    expect((screen.getByTestId('import-apply') as HTMLButtonElement).disabled).toBe(false);
  });
});
