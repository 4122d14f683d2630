// Which questions a checklist shows and which answers are problem answers are the library's
// (`ChecklistState`, returned with every save), and so are the answers a yes/no or assessment
// question offers (`answer_values`): the screens keep no copy of a template's rules.
import { api } from './api';
import type { AnswerValues } from './bindings/types';

let asked: Promise<AnswerValues> | null = null;
/** The library's yes/no and assessment answers, in the order a form offers them; asked once. */
export function answerValues(): Promise<AnswerValues> {
  asked ??= api.answerValues().catch((e) => { asked = null; throw e; });
  return asked;
}

/** The phases a visit can observe, each with its checklist: tabulation is observed at election commissions. */
export const OBSERVED_PHASES = ['opening', 'voting', 'counting', 'tabulation'] as const;
