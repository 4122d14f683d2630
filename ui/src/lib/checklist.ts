// Which questions a checklist shows and which answers are problem answers are the library's
// (`ChecklistState`, returned with every save): the screens keep no copy of a template's rules.

/** The phases a visit can observe, each with its checklist: tabulation is observed at election commissions. */
export const OBSERVED_PHASES = ['opening', 'voting', 'counting', 'tabulation'] as const;
