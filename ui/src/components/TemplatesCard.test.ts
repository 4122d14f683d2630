import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import TemplatesCard from './TemplatesCard.svelte';
import { setLang } from '../lib/i18n.svelte';
import type { AppError } from '../lib/bindings/app';
import type { Template } from '../lib/bindings/types';

afterEach(() => { cleanup(); clearMocks(); setLang('en'); });

const template = (id: string, version: number, n: number, title: Record<string, string>): Template => ({
  id, version, phase: id === 'voting' ? 'voting' : 'custom', title,
  questions: Array.from({ length: n }, (_, i) => ({ code: `Q${i}`, type: 'text', label: { en: 'Q' }, required: false })),
});

const refused: AppError = {
  code: 'invalid_file',
  message: 'form.xlsx: 2 thing(s) outside what a template can hold (docs/xlsform.md), nothing was imported:\n  survey row 9, column type: …',
  details: { kind: 'form_issues', issues: [
    { sheet: 'survey', row: 9, column: 'type', message: 'the type `geopoint` is outside the subset' },
    { sheet: 'choices', row: 4, column: 'name', message: '`Maybe-Not` cannot be an option value' },
  ] },
};

describe('Mission settings → Checklists', () => {
  it('lists the templates, imports an XLSForm and shows the new template', async () => {
    let templates = [template('voting', 3, 40, { en: 'Voting', ru: 'Голосование' })];
    mockIPC((cmd) => {
      if (cmd === 'templates') return templates;
      if (cmd === 'import_xlsform') {
        templates = [...templates, template('observer_form', 2, 12, { en: 'Observer form' })];
        return { template: template('observer_form', 2, 12, { en: 'Observer form' }), added: true };
      }
      return null;
    });
    render(TemplatesCard);
    await waitFor(() => expect(screen.getAllByTestId('template-row')).toHaveLength(1));
    expect(screen.getByTestId('template-row').textContent).toContain('Voting');
    expect(screen.getByTestId('template-row').textContent).toContain('40');
    await fireEvent.click(screen.getByTestId('xlsform-import'));
    await waitFor(() => expect(screen.getByTestId('xlsform-imported').textContent).toBe('Imported template observer_form v2 “Observer form” with 12 questions.'));
    await waitFor(() => expect(screen.getAllByTestId('template-row')).toHaveLength(2));
    expect(screen.getAllByTestId('template-row')[1].textContent).toContain('Custom');
  });

  it('says when the form was imported before, and nothing when the dialog is cancelled', async () => {
    let answer: unknown = { template: template('f', 1, 1, { en: 'F' }), added: false };
    mockIPC((cmd) => (cmd === 'templates' ? [] : cmd === 'import_xlsform' ? answer : null));
    render(TemplatesCard);
    await fireEvent.click(screen.getByTestId('xlsform-import'));
    await waitFor(() => expect(screen.getByTestId('xlsform-imported').textContent).toBe('Template f v1 is already in the mission: nothing was added.'));
    answer = null;
    await fireEvent.click(screen.getByTestId('xlsform-import'));
    await waitFor(() => expect(screen.queryByTestId('xlsform-imported')).toBeNull());
    expect(screen.queryByTestId('error')).toBeNull();
  });

  it('lists what a refused form cannot hold by sheet, row and column, in the UI’s language', async () => {
    setLang('ru');
    mockIPC((cmd) => {
      if (cmd === 'templates') return [];
      if (cmd === 'import_xlsform') throw refused;
      return null;
    });
    render(TemplatesCard);
    await fireEvent.click(screen.getByTestId('xlsform-import'));
    await waitFor(() => expect(screen.getAllByTestId('form-issue')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('form-issue').map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(first).toEqual(['survey', '9', 'type', 'the type `geopoint` is outside the subset']);
    expect(second).toEqual(['choices', '4', 'name', '`Maybe-Not` cannot be an option value']);
    expect(screen.getByTestId('form-issues').textContent).toContain('Лист');
    expect(screen.getByTestId('error-text').textContent).toBe('Файл нельзя использовать; из него ничего не взято.');
    expect(screen.getByTestId('error-detail').textContent).toContain('nothing was imported');
  });

  it('exports a template as an XLSForm and shows where', async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'templates') return [template('voting', 3, 40, { en: 'Voting' })];
      if (cmd === 'export_xlsform') { asked.push(args); return { paths: ['/tmp/voting-v3.xlsx'] }; }
      return null;
    });
    render(TemplatesCard);
    await waitFor(() => expect(screen.getByTestId('xlsform-export-voting-3')).toBeTruthy());
    await fireEvent.click(screen.getByTestId('xlsform-export-voting-3'));
    await waitFor(() => expect(screen.getByTestId('xlsform-written').textContent).toContain('/tmp/voting-v3.xlsx'));
    expect(asked).toEqual([{ id: 'voting', version: 3 }]);
  });
});
