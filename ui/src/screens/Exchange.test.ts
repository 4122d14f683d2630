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
});
