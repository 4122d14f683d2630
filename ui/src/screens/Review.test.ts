import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import Review from './Review.svelte';
import type { ReviewQuery, ReviewRow } from '../lib/bindings/types';

afterEach(() => { cleanup(); clearMocks(); });

const row = (i: number, over: Partial<ReviewRow> = {}): ReviewRow => ({
  checklist_id: `c${i}`, visit_id: `v${i}`, team: 'T01', station_code: `001-${String(i).padStart(3, '0')}`, station_name: 'School',
  region: 'Baku', arrival_at: '2024-02-07T05:00:00.000Z', phase: 'voting', assessment: i % 10 === 0 ? 'bad' : 'good',
  submitted: true, review_status: 'none', ...over,
});

describe('Review', () => {
  it('asks the library for one page with the screen’s filters, shows the totals and turns pages', async () => {
    const asked: ReviewQuery[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'review_rows') {
        const q = (args as { query: ReviewQuery }).query;
        asked.push(q);
        const total = q.negative_only ? 25 : 1204;
        const n = Math.min(q.limit, total - q.offset);
        return { rows: Array.from({ length: n }, (_, k) => row(q.offset + k)), total, negative: 25, not_reviewed: 1200, offset: q.offset };
      }
      if (cmd === 'teams') return [{ id: 't1', code: 'T01' }];
      if (cmd === 'templates') return [];
      return null;
    });
    render(Review);
    await waitFor(() => expect(screen.getByTestId('review-totals').textContent).toBe('1,204 checklists · 25 assessed negatively · 1,200 not reviewed'));
    expect(asked[0]).toEqual({ team: null, region: null, phase: null, negative_only: false, review_status: null, search: '', offset: 0, limit: 100 });
    // Only the page is rendered, never the whole mission.
    expect(document.querySelectorAll('[data-testid^="review-row-"]').length).toBe(100);
    expect(screen.getByTestId('review-range').textContent).toBe('1–100 of 1,204');
    await fireEvent.click(screen.getByTestId('review-next'));
    await waitFor(() => expect(screen.getByTestId('review-range').textContent).toBe('101–200 of 1,204'));
    expect(asked.at(-1)?.offset).toBe(100);

    // A filter starts again at the first page.
    await fireEvent.change(screen.getByTestId('review-filter'), { target: { value: 'negative' } });
    await waitFor(() => expect(asked.at(-1)).toMatchObject({ negative_only: true, offset: 0 }));
    await waitFor(() => expect(screen.queryByTestId('review-range')).toBeNull());
    await fireEvent.change(screen.getByTestId('review-team'), { target: { value: 'T01' } });
    await waitFor(() => expect(asked.at(-1)).toMatchObject({ team: 'T01', negative_only: true }));
    await fireEvent.input(screen.getByTestId('review-search'), { target: { value: '001-01' } });
    await waitFor(() => expect(asked.at(-1)).toMatchObject({ search: '001-01', team: 'T01' }));
  });

  it('asks at the first keystroke and once more for the keys typed while it waited', async () => {
    const asked: string[] = [];
    let answer: (() => void) | null = null;
    mockIPC(async (cmd, args) => {
      if (cmd === 'review_rows') {
        const q = (args as { query: ReviewQuery }).query;
        asked.push(q.search);
        if (q.search === '0') await new Promise<void>((r) => { answer = r; });
        return { rows: [row(1)], total: 1, negative: 0, not_reviewed: 1, offset: 0 };
      }
      return [];
    });
    render(Review);
    await waitFor(() => expect(asked).toEqual(['']));
    const input = screen.getByTestId('review-search');
    const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await fireEvent.input(input, { target: { value: '0' } });
    await settle(0);
    expect(asked).toEqual(['', '0']);
    // Three more keys while the first answer is awaited: one question, with what was typed last.
    for (const v of ['00', '001', '001-']) await fireEvent.input(input, { target: { value: v } });
    await settle(150);
    expect(asked).toEqual(['', '0']);
    answer!();
    await waitFor(() => expect(asked).toEqual(['', '0', '001-']));
  });

  it('reviews the chosen checklist and reads the page again', async () => {
    let status: ReviewRow['review_status'] = 'none';
    const reviewed: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'review_rows') return { rows: [row(1, { review_status: status })], total: 1, negative: 0, not_reviewed: status === 'none' ? 1 : 0, offset: 0 };
      if (cmd === 'teams') return [];
      if (cmd === 'templates') return [{ id: 'voting', version: 1, phase: 'voting', title: { en: 'Voting' }, questions: [] }];
      if (cmd === 'checklist') return { id: 'c1', template_id: 'voting', template_version: 1, phase: 'voting', answers: {}, review_status: status, review_comment: '' };
      if (cmd === 'checklist_state') return { findings: [], shown: [], problems: [] };
      if (cmd === 'answer_values') return { yes_no: ['yes', 'no', 'not_observed'], assessment: ['very_good', 'good', 'bad', 'very_bad'], not_observed: 'not_observed' };
      if (cmd === 'review_checklist') {
        reviewed.push(args); status = 'flagged';
        return { id: 'c1', template_id: 'voting', template_version: 1, phase: 'voting', answers: {}, review_status: 'flagged', review_comment: 'check' };
      }
      return null;
    });
    render(Review);
    await waitFor(() => expect(screen.getByTestId('review-row-001-001-voting')).toBeTruthy());
    await fireEvent.click(screen.getByTestId('review-row-001-001-voting'));
    await waitFor(() => expect(screen.getByTestId('review-status').textContent).toBe('Not reviewed'));
    expect(screen.getByTestId('review-totals').textContent).toContain('1 not reviewed');
    await fireEvent.input(screen.getByTestId('review-comment'), { target: { value: 'check' } });
    await fireEvent.click(screen.getByTestId('review-flag'));
    await waitFor(() => expect(screen.getByTestId('review-status').textContent).toBe('Flagged'));
    expect(reviewed).toEqual([{ id: 'c1', status: 'flagged', comment: 'check' }]);
    // The page is read again: the row and the totals say so.
    await waitFor(() => expect(screen.getByTestId('review-totals').textContent).toContain('0 not reviewed'));
    expect(screen.getByTestId('review-row-001-001-voting').textContent).toContain('Flagged');
  });
});
