// Display conditions of a checklist template, as the library evaluates them
// (eom-core `Template::shown_codes`): a question is shown when it has no condition, or the question
// it depends on is itself shown and answered with one of the listed values.
import type { Template } from './bindings/types';

function matches(answer: unknown, values: string[]): boolean {
  if (typeof answer === 'string') return values.includes(answer);
  if (Array.isArray(answer)) return answer.some((a) => typeof a === 'string' && values.includes(a));
  if (typeof answer === 'boolean') return values.includes(answer ? 'yes' : 'no');
  if (typeof answer === 'number') return values.includes(String(answer));
  return false;
}

export function shownCodes(t: Template, answers: Record<string, unknown>): Set<string> {
  const shown = new Set<string>();
  for (const q of t.questions) {
    if (!q.show_if || (shown.has(q.show_if.code) && matches(answers[q.show_if.code], q.show_if.in))) shown.add(q.code);
  }
  return shown;
}

/** The phases a visit can observe, each with its checklist: tabulation is observed at election commissions. */
export const OBSERVED_PHASES = ['opening', 'voting', 'counting', 'tabulation'] as const;
