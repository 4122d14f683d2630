import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import ChecklistForm from './ChecklistForm.svelte';
import type { Checklist, Template } from '../lib/bindings/types';

const template = {
  id: 'voting', version: 1, phase: 'voting', title: { en: 'Voting' },
  questions: [
    { code: 'V01', type: 'yes_no', label: { en: 'Was there a queue?' }, required: true },
    { code: 'V02', type: 'yes_no', label: { en: 'Overcrowded?' }, required: true, problem: 'yes' },
    { code: 'V99', type: 'assessment', label: { en: 'Overall?' }, required: true, role: 'overall_assessment' },
    { code: 'V35', type: 'text', label: { en: 'Explain' }, required: true, show_if: { code: 'V99', in: ['bad', 'very_bad'] }, role: 'assessment_explanation' },
  ],
} as unknown as Template;

const checklist: Checklist = {
  id: 'c1', created_at: '2024-02-07T04:00:00.000Z', updated_at: '2024-02-07T04:00:00.000Z', revision: 1,
  device_id: 'd', deleted: false, visit_id: 'v1', template_id: 'voting', template_version: 1, phase: 'voting',
  submitted_at: null, review_status: 'none', review_comment: '', answers: {},
};

let calls: { cmd: string; args: any }[] = [];

beforeEach(() => {
  calls = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    // The library decides what the form shows (here, as it would for this template).
    if (cmd === 'checklist_state') return { findings: [], shown: ['V01', 'V02', 'V99'], problems: [] };
    // And which answers a yes/no and an assessment question offer.
    if (cmd === 'answer_values') return { yes_no: ['yes', 'no', 'not_observed'], assessment: ['very_good', 'good', 'bad', 'very_bad'], not_observed: 'not_observed' };
    if (cmd === 'save_answer') {
      const a = args as { code: string; value: unknown };
      const bad = a.code === 'V99' && a.value === 'bad';
      const findings = bad
        ? [{ code: 'V35', kind: 'explanation_required', message: 'a bad or very bad assessment needs an explanation' }] : [];
      return { checklist_id: 'c1', code: a.code, revision: 2, saved_at: '2024-02-07T05:00:00.000Z', findings,
        shown: bad ? ['V01', 'V02', 'V99', 'V35'] : ['V01', 'V02', 'V99'], problems: bad ? ['V99'] : [] };
    }
    if (cmd === 'submit_checklist') {
      throw { code: 'not_submittable', message: 'checklist cannot be submitted', details: { kind: 'findings', findings: [{ code: 'V01', kind: 'missing', message: 'required: Was there a queue?' }] } };
    }
    return null;
  });
});
afterEach(() => { cleanup(); clearMocks(); });

/** Renders the form and waits for the library's word on what it shows. */
async function form() {
  render(ChecklistForm, { checklist, template, candidates: [] });
  await screen.findByTestId('q-V01');
}

describe('ChecklistForm', () => {
  it('saves an answer as soon as it is chosen and shows it as saved', async () => {
    await form();
    await fireEvent.click(screen.getByTestId('a-V01-yes'));
    await waitFor(() => expect(screen.getByTestId('saved-V01').textContent).toContain('Saved'));
    const save = calls.find((c) => c.cmd === 'save_answer');
    expect(save?.args).toMatchObject({ checklistId: 'c1', code: 'V01', value: 'yes' });
  });

  it('sends a quick second answer only after the first is saved, so the last one chosen stays', async () => {
    const log: string[] = [];
    mockIPC(async (cmd, args) => {
      if (cmd === 'checklist_state') return { findings: [], shown: ['V01', 'V02', 'V99'], problems: [] };
      if (cmd === 'answer_values') return { yes_no: ['yes', 'no', 'not_observed'], assessment: ['very_good', 'good', 'bad', 'very_bad'], not_observed: 'not_observed' };
      if (cmd === 'save_answer') {
        const a = args as { code: string; value: string };
        log.push(`start ${a.value}`);
        // The first save is slow (the store is busy): the second must not overtake it.
        await new Promise((r) => setTimeout(r, a.value === 'yes' ? 40 : 1));
        log.push(`end ${a.value}`);
        return { checklist_id: 'c1', code: a.code, revision: 2, saved_at: '2024-02-07T05:00:00.000Z', findings: [], shown: ['V01', 'V02', 'V99'], problems: [] };
      }
      return null;
    });
    await form();
    await fireEvent.click(screen.getByTestId('a-V01-yes'));
    await fireEvent.click(screen.getByTestId('a-V01-no'));
    await waitFor(() => expect(log).toEqual(['start yes', 'end yes', 'start no', 'end no']));
    await waitFor(() => expect(screen.getByTestId('saved-V01').textContent).toContain('Saved'));
  });

  it('answers yes/no/not observed from the keyboard and moves on', async () => {
    await form();
    const first = screen.getByTestId('a-V01-yes');
    first.focus();
    await fireEvent.keyDown(first, { key: 'o' });
    await waitFor(() => expect(calls.some((c) => c.cmd === 'save_answer' && c.args.value === 'not_observed')).toBe(true));
  });

  it('shows the explanation question and its finding for a bad assessment', async () => {
    await form();
    expect(screen.queryByTestId('q-V35')).toBeNull();
    await fireEvent.click(screen.getByTestId('a-V99-bad'));
    await waitFor(() => expect(screen.getByTestId('q-V35')).toBeTruthy());
    await waitFor(() => expect(screen.getByTestId('finding-V35').textContent).toMatch(/explanation/));
    // The library said the answer is a problem answer: the chosen button shows it.
    expect(screen.getByTestId('a-V99-bad').classList.contains('problem')).toBe(true);
  });

  it('lists what stops submission', async () => {
    await form();
    await fireEvent.click(screen.getByTestId('submit-checklist'));
    await waitFor(() => expect(screen.getByTestId('error').textContent).toContain('required: Was there a queue?'));
  });
});
