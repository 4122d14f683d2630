import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import Exchange from './Exchange.svelte';
import { app } from '../lib/state.svelte';
import { setLang } from '../lib/i18n.svelte';
import type { ExportStatus } from '../lib/bindings/types';

afterEach(() => { cleanup(); clearMocks(); });

const FP = '1234-5678-9abc-def0-1122-3344-5566-7788';
const FP_LAPTOP = 'aaaa-bbbb-cccc-dddd-eeee-ffff-0000-1111';

describe('Exchange: what this laptop has not exported yet', () => {
  it('shows the records edited after their last export, and the new state after a bundle export', async () => {
    app.mission = { languages: ['en'] } as never;
    let status: ExportStatus = { last_export_at: '2024-02-07T18:00:00.000Z', edited_after_export: 3, edited_by_kind: { checklist: 2, visit: 1 } };
    mockIPC((cmd) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, unopened_reason: null, report_languages: ['en'] };
      if (cmd === 'export_status') return status;
      if (cmd === 'export_bundle') {
        status = { last_export_at: '2024-02-08T09:00:00.000Z', edited_after_export: 0, edited_by_kind: {} };
        return { paths: ['/tmp/b.json'] };
      }
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    await waitFor(() => expect(screen.getByTestId('export-status').dataset.edited).toBe('3'));
    const text = screen.getByTestId('export-status').textContent ?? '';
    expect(text).toContain('3 records edited after their last export');
    // Each kind counted in its plural form.
    expect(text).toContain('(2 checklists · 1 visit)');
    await fireEvent.click(screen.getByTestId('export-bundle'));
    await waitFor(() => expect(screen.getByTestId('export-status').dataset.edited).toBe('0'));
    expect(screen.getByTestId('export-status').textContent).toContain('Nothing edited since.');
  });
});

describe('Exchange: the mission report', () => {
  it('asks the library for the chosen edition and language and shows where it was written', async () => {
    const asked: unknown[] = [];
    app.mission = { languages: ['ru', 'en'] } as never;
    mockIPC((cmd, args) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '/tmp/m.eom', mission: app.mission, unopened_reason: null, report_languages: ['en', 'ru', 'az'] };
      if (cmd === 'export_report') { asked.push((args as { request: unknown }).request); return { paths: ['/tmp/report.pdf'] }; }
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    // The mission's first language that the report knows is preselected.
    await waitFor(() => expect((screen.getByTestId('report-lang') as HTMLSelectElement).value).toBe('ru'));
    await fireEvent.click(screen.getByTestId('report-detail'));
    await fireEvent.click(screen.getByTestId('export-pdf'));
    await waitFor(() => expect(screen.getByTestId('written').textContent).toContain('/tmp/report.pdf'));
    expect(asked).toEqual([{ format: 'pdf', edition: 'internal', lang: 'ru', detail: true, annex: null }]);

    // The public edition has no per-visit pages: the box is disabled and never sent as true.
    const edition = screen.getByTestId('report-edition') as HTMLSelectElement;
    edition.value = 'public';
    await fireEvent.change(edition);
    expect((screen.getByTestId('report-detail') as HTMLInputElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('export-html'));
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1]).toEqual({ format: 'html', edition: 'public', lang: 'ru', detail: false, annex: null });
  });

  it('shows who signed a bundle and as what, and applies an unsigned one only after explicit consent', async () => {
    const applied: unknown[] = [];
    app.mission = { languages: ['en'] } as never;
    let signer: unknown = null;
    const report = () => ({ summary: { mission: 'M', exported_at: null, visits: 1, checklists: 1 }, exported_by_device: null,
      exported_by_team: 'T01', signer, applied: false, kinds: [['visits', { added: 1, updated: 0, unchanged: 0, kept_local: 0, refused: 0 }]],
      history_break: null, unauthorized: [], blocked: null });
    mockIPC((cmd, args) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, unopened_reason: null, report_languages: ['en'], key_fingerprint: FP_LAPTOP, key_public: null };
      if (cmd === 'choose_bundle') return report();
      if (cmd === 'import_bundle') { applied.push(args); return { ...report(), applied: true }; }
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
    await waitFor(() => expect(applied).toEqual([{ allowUnsigned: true, skipUnauthorized: false }]));

    signer = { fingerprint: FP, public_key: 'x', signed_at: '2024-02-07T20:00:00.000Z', trusted_as: 'Team 3', enrolment: { role: 'team', team: 'T03' } };
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-signer').textContent).toContain('“Team 3” — team T03'));
    expect(screen.getByTestId('import-signer').textContent).toContain(FP);
    expect(screen.queryByTestId('trust-signer')).toBeNull();
    expect(screen.getByTestId('kind-visits').textContent).toContain('1');
    await fireEvent.click(screen.getByTestId('import-apply'));
    await waitFor(() => expect(applied).toHaveLength(2));
    expect(applied[1]).toEqual({ allowUnsigned: false, skipUnauthorized: false });

    signer = { fingerprint: FP, public_key: 'x', signed_at: '2024-02-07T20:00:00.000Z', trusted_as: 'HQ', enrolment: { role: 'core' } };
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-signer').textContent).toContain('“HQ” — core team'));
  });

  it('shows an unknown signer’s fingerprint, enrols it for the chosen team, then previews the bundle again', async () => {
    app.mission = { languages: ['en'] } as never;
    const trusted: unknown[] = [];
    let repreviews = 0;
    const signer = { fingerprint: FP, public_key: 'S2V5', signed_at: '2024-02-07T20:00:00.000Z', trusted_as: null as string | null, enrolment: null as unknown };
    const report = (blocked: unknown) => ({ summary: { mission: 'M', exported_at: null, visits: 1, checklists: 1 }, exported_by_device: null,
      exported_by_team: 'T03', signer: { ...signer }, applied: false, kinds: [], history_break: null, unauthorized: [], blocked });
    mockIPC((cmd, args) => {
      if (cmd === 'teams') return [{ id: 't1', code: 'T01' }, { id: 't3', code: 'T03' }];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, unopened_reason: null, report_languages: ['en'], key_fingerprint: null, key_public: null };
      if (cmd === 'choose_bundle') return report({ reason: 'unknown_signer', fingerprint: FP });
      if (cmd === 'trust_signer') {
        trusted.push(args);
        const { name, enrolment } = args as { name: string; enrolment: { role: string; team?: string } };
        if (!name.trim()) throw { code: 'invalid_input', message: 'name: a trusted key needs a name', details: null };
        signer.trusted_as = name; signer.enrolment = enrolment;
        return { fingerprint: FP, public_key: signer.public_key, name, trusted_at: '2024-02-07T21:00:00.000Z', role: enrolment.role, team: enrolment.team ?? null };
      }
      if (cmd === 'repreview_bundle') { repreviews++; return report(null); }
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-signer').textContent).toContain('has not enrolled'));
    // The fingerprint to compare with the team, prominently; nothing can be applied yet.
    expect(screen.getByTestId('trust-signer-fingerprint').textContent).toBe(FP);
    expect((screen.getByTestId('import-apply') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('import-blocked').textContent).toContain('Enrol the signer’s key first');
    // Every team and the core team can be chosen; none is chosen for the user.
    const role = screen.getByTestId('trust-signer-role') as HTMLSelectElement;
    await waitFor(() => expect([...role.options].map((o) => o.value)).toEqual(['', 'T01', 'T03', 'core']));
    expect(role.value).toBe('');
    expect([...role.options].map((o) => o.textContent)).toEqual(['Choose…', 'Team T01', 'Team T03', 'Core team']);

    // A name the library refuses: its message shows next to the field.
    await fireEvent.input(screen.getByTestId('trust-signer-name'), { target: { value: ' ' } });
    await fireEvent.change(role, { target: { value: 'T03' } });
    await fireEvent.submit(screen.getByTestId('trust-signer'));
    await waitFor(() => expect(screen.getByTestId('trust-signer').textContent).toContain('needs a name'));
    expect(repreviews).toBe(0);

    await fireEvent.input(screen.getByTestId('trust-signer-name'), { target: { value: 'Team 3' } });
    await fireEvent.click(screen.getByTestId('trust-signer-add'));
    await waitFor(() => expect(screen.getByTestId('import-signer').textContent).toContain('enrolled as “Team 3” — team T03'));
    expect(trusted.at(-1)).toEqual({ publicKey: 'S2V5', name: 'Team 3', enrolment: { role: 'team', team: 'T03' } });
    expect(repreviews).toBe(1);
    expect(screen.queryByTestId('trust-signer')).toBeNull();
    expect(screen.queryByTestId('import-blocked')).toBeNull();
    expect(screen.getByTestId('import-signer').className).toContain('ok-box');
    expect((screen.getByTestId('import-apply') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says that a key known by name only may change nothing, and offers to enrol it', async () => {
    app.mission = { languages: ['en'] } as never;
    const trusted: unknown[] = [];
    const signer = { fingerprint: FP, public_key: 'S2V5', signed_at: '2024-02-07T20:00:00.000Z', trusted_as: 'Old laptop', enrolment: null };
    const report = { summary: { mission: 'M', exported_at: null, visits: 1, checklists: 1 }, exported_by_device: null, exported_by_team: 'T03',
      signer, applied: false, kinds: [], history_break: null, blocked: { reason: 'unauthorized', count: 1 },
      unauthorized: [{ kind: 'visit', record_id: 'v1', label: 'station 0101', change: 'new', by: 'Old laptop' }] };
    mockIPC((cmd, args) => {
      if (cmd === 'teams') return [{ id: 't3', code: 'T03' }];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, unopened_reason: null, report_languages: ['en'], key_fingerprint: null, key_public: null };
      if (cmd === 'choose_bundle') return report;
      if (cmd === 'trust_signer') { trusted.push(args); return { fingerprint: FP, public_key: 'S2V5', name: 'Old laptop', trusted_at: '2024-02-07T21:00:00.000Z', role: 'core', team: null }; }
      if (cmd === 'repreview_bundle') return { ...report, signer: { ...signer, enrolment: { role: 'core' } }, blocked: null, unauthorized: [] };
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-signer').textContent).toContain('known as “Old laptop”'));
    expect(screen.getByTestId('import-signer').textContent).toContain('may change nothing');
    expect(screen.getByTestId('import-signer').className).toContain('warn-box');
    expect((screen.getByTestId('trust-signer-name') as HTMLInputElement).value).toBe('Old laptop');
    await fireEvent.change(screen.getByTestId('trust-signer-role'), { target: { value: 'core' } });
    await fireEvent.submit(screen.getByTestId('trust-signer'));
    await waitFor(() => expect(screen.getByTestId('import-signer').textContent).toContain('“Old laptop” — core team'));
    expect(trusted).toEqual([{ publicKey: 'S2V5', name: 'Old laptop', enrolment: { role: 'core' } }]);
    expect(screen.queryByTestId('import-unauthorized')).toBeNull();
  });

  it('lists the changes the signer may not make, refuses Apply, and imports the rest on request', async () => {
    app.mission = { languages: ['en'] } as never;
    const applied: unknown[] = [];
    const signer = { fingerprint: FP, public_key: 'x', signed_at: '2024-02-07T20:00:00.000Z', trusted_as: 'Team 3', enrolment: { role: 'team', team: 'T03' } };
    let unauthorized = [
      { kind: 'visit', record_id: 'v1', label: 'station 0101', change: 'a record of another team', by: 'Team 3' },
      { kind: 'station', record_id: 's1', label: 'station 0102', change: 'changed', by: 'Team 3' },
    ];
    const report = () => ({ summary: { mission: 'M', exported_at: null, visits: 2, checklists: 1 }, exported_by_device: null, exported_by_team: 'T03',
      signer, applied: false, history_break: null, unauthorized, blocked: { reason: 'unauthorized', count: unauthorized.length },
      kinds: [['visits', { added: 1, updated: 0, unchanged: 0, kept_local: 0, refused: 1 }], ['stations', { added: 0, updated: 0, unchanged: 0, kept_local: 0, refused: 1 }]] });
    mockIPC((cmd, args) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, unopened_reason: null, report_languages: ['en'], key_fingerprint: null, key_public: null };
      if (cmd === 'choose_bundle') return report();
      if (cmd === 'import_bundle') { applied.push(args); return { ...report(), applied: true, blocked: null }; }
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-unauthorized')).toBeTruthy());
    const rows = screen.getAllByTestId('unauthorized-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Visit');
    expect(rows[0].textContent).toContain('station 0101');
    expect(rows[0].textContent).toContain('a record of another team');
    expect(rows[0].textContent).toContain('Team 3');
    expect(rows[1].textContent).toContain('Polling station');
    expect(screen.getByTestId('kind-stations').textContent).toContain('1');
    expect((screen.getByTestId('import-apply') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('import-blocked').textContent).toContain('Refused');
    expect(screen.getByTestId('import-blocked').textContent).toContain('Import the rest');

    await fireEvent.click(screen.getByTestId('import-rest'));
    await waitFor(() => expect(screen.getByTestId('import-done')).toBeTruthy());
    expect(applied).toEqual([{ allowUnsigned: false, skipUnauthorized: true }]);
    expect(screen.getByTestId('import-done-refused').textContent).toContain('2 changes');

    // A change that is no record (a claimed device id) refuses the whole bundle: no "Import the rest".
    unauthorized = [{ kind: 'bundle', record_id: null as unknown as string, label: 'device d1', change: 'claims a device id that another key signs for', by: 'Team 3' }];
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getAllByTestId('unauthorized-row')).toHaveLength(1));
    expect(screen.getByTestId('unauthorized-row').textContent).toContain('Whole bundle');
    expect(screen.queryByTestId('import-rest')).toBeNull();
    expect((screen.getByTestId('import-apply') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('import-blocked').textContent).toContain('refuse the bundle whole');
  });

  it('warns when the bundle carries a broken edit history, and refuses to import it', async () => {
    app.mission = { languages: ['en'] } as never;
    let history_break: unknown = null;
    const signer = { fingerprint: FP, public_key: 'x', signed_at: '2024-02-07T20:00:00.000Z', trusted_as: 'Team 3', enrolment: { role: 'team', team: 'T03' } };
    mockIPC((cmd) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, unopened_reason: null, report_languages: ['en'], key_fingerprint: null, key_public: null };
      if (cmd === 'choose_bundle') return { summary: { mission: 'M', exported_at: null, visits: 1, checklists: 1 }, exported_by_device: null,
        exported_by_team: 'T03', signer, applied: false, kinds: [], history_break, unauthorized: [], blocked: history_break ? { reason: 'history_broken' } : null };
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-signer')).toBeTruthy());
    expect(screen.queryByTestId('import-history-break')).toBeNull();
    expect((screen.getByTestId('import-apply') as HTMLButtonElement).disabled).toBe(false);

    history_break = { device: 'd', n: 3, kind: 'team', record_id: 'r', message: 'the history was changed' };
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-history-break').textContent).toContain('broken at entry 3'));
    expect(screen.getByTestId('import-history-break').textContent).toContain('the history was changed');
    expect((screen.getByTestId('import-apply') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('import-blocked').textContent).toContain('nothing in it can be imported from the app');
    expect(screen.queryByTestId('import-rest')).toBeNull();
  });
});

describe('Exchange: files for other tools', () => {
  it('writes the workbook in its own edition and language, the paper forms in that language, and shows where', async () => {
    const asked: [string, unknown][] = [];
    app.mission = { languages: ['az', 'en'] } as never;
    mockIPC((cmd, args) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, unopened_reason: null, report_languages: ['en', 'ru', 'az'] };
      if (cmd === 'export_xlsx') { asked.push([cmd, (args as { request: unknown }).request]); return { paths: ['/tmp/m.xlsx'] }; }
      if (cmd === 'export_forms') { asked.push([cmd, (args as { lang: string }).lang]); return { paths: ['/tmp/forms.pdf'] }; }
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    // The mission's first language the program speaks is preselected.
    await waitFor(() => expect((screen.getByTestId('tools-lang') as HTMLSelectElement).value).toBe('az'));
    await fireEvent.change(screen.getByTestId('tools-edition'), { target: { value: 'public' } });
    await fireEvent.click(screen.getByTestId('export-xlsx'));
    await waitFor(() => expect(screen.getByTestId('written').textContent).toContain('/tmp/m.xlsx'));
    expect(asked).toEqual([['export_xlsx', { edition: 'public', lang: 'az' }]]);
    // The report's choices are the report's own.
    expect((screen.getByTestId('report-edition') as HTMLSelectElement).value).toBe('internal');

    await fireEvent.change(screen.getByTestId('tools-lang'), { target: { value: 'ru' } });
    await fireEvent.click(screen.getByTestId('export-forms'));
    await waitFor(() => expect(screen.getByTestId('written').textContent).toContain('/tmp/forms.pdf'));
    expect(asked[1]).toEqual(['export_forms', 'ru']);
    expect(screen.queryByTestId('tools-writing')).toBeNull();
  });

  it('shows how many stations the GeoJSON leaves out, in the chosen language', async () => {
    app.mission = { languages: ['en'] } as never;
    let missing = 3;
    mockIPC((cmd) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, unopened_reason: null, report_languages: ['en'] };
      if (cmd === 'export_geojson') return { paths: ['/tmp/s.geojson'], stations: 10, features: 10 - missing, without_coordinates: missing };
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    await fireEvent.click(screen.getByTestId('export-geojson'));
    await waitFor(() => expect(screen.getByTestId('geojson-missing').textContent).toBe('3 stations have no coordinates and are not in the file.'));
    expect(screen.getByTestId('geojson-written').textContent).toContain('7 of 10 stations are in the file.');
    expect(screen.getByTestId('written').textContent).toContain('/tmp/s.geojson');
    missing = 0;
    await fireEvent.click(screen.getByTestId('export-geojson'));
    await waitFor(() => expect(screen.getByTestId('geojson-written').textContent).toContain('10 of 10'));
    expect(screen.queryByTestId('geojson-missing')).toBeNull();
    cleanup();
    setLang('ru');
    missing = 5;
    render(Exchange);
    await fireEvent.click(screen.getByTestId('export-geojson'));
    await waitFor(() => expect(screen.getByTestId('geojson-missing').textContent).toBe('5 участков без координат не вошли в файл.'));
    setLang('en');
  });

  it('is busy while a file is written, and shows a refusal through the error box', async () => {
    app.mission = { languages: ['en'] } as never;
    let finish: (v: unknown) => void = () => {};
    mockIPC((cmd) => {
      if (cmd === 'teams') return [];
      if (cmd === 'app_info') return { db_path: '', mission: app.mission, unopened_reason: null, report_languages: ['en'] };
      if (cmd === 'export_forms') return new Promise((resolve) => { finish = resolve; });
      if (cmd === 'export_xlsx') throw { code: 'invalid_input', message: 'language: `fr` is not a language the workbook can be written in', details: null };
      return null;
    }, { shouldMockEvents: true });
    render(Exchange);
    await fireEvent.click(screen.getByTestId('export-forms'));
    await waitFor(() => expect(screen.getByTestId('tools-writing').textContent).toBe('Typesetting the forms…'));
    expect((screen.getByTestId('export-xlsx') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('export-pdf') as HTMLButtonElement).disabled).toBe(true);
    finish(null); // cancelled in the dialog: nothing written, nothing said
    await waitFor(() => expect(screen.queryByTestId('tools-writing')).toBeNull());
    expect(screen.queryByTestId('written')).toBeNull();
    expect((screen.getByTestId('export-xlsx') as HTMLButtonElement).disabled).toBe(false);

    await fireEvent.click(screen.getByTestId('export-xlsx'));
    await waitFor(() => expect(screen.getByTestId('error').dataset.code).toBe('invalid_input'));
    expect(screen.getByTestId('error-detail').textContent).toContain('`fr`');
  });
});
