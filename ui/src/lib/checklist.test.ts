import { describe, expect, it } from 'vitest';
import { shownCodes } from './checklist';
import type { Template } from './bindings/types';

const tpl = {
  id: 't', version: 1, phase: 'voting', title: { en: 'T' },
  questions: [
    { code: 'A', type: 'yes_no', label: { en: 'a' }, required: true },
    { code: 'B', type: 'integer', label: { en: 'b' }, required: false, show_if: { code: 'A', in: ['yes'] } },
    { code: 'C', type: 'text', label: { en: 'c' }, required: false, show_if: { code: 'B', in: ['3'] } },
  ],
} as unknown as Template;

describe('display conditions', () => {
  it('shows a question when its condition holds, transitively', () => {
    expect([...shownCodes(tpl, {})]).toEqual(['A']);
    expect([...shownCodes(tpl, { A: 'yes' })]).toEqual(['A', 'B']);
    expect([...shownCodes(tpl, { A: 'yes', B: 3 })]).toEqual(['A', 'B', 'C']);
    expect([...shownCodes(tpl, { A: 'no', B: 3 })]).toEqual(['A']);
  });
});
