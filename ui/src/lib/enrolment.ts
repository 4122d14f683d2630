// Whom a signing key is enrolled as (docs/security.md, "Trust model"): the core team, or one team.
import type { Enrolment, TrustedKey } from './api';
import { t } from './i18n.svelte';

/** A role select's value (`core` or a team code) as the enrolment the commands take. */
export function enrolmentOf(value: string): Enrolment {
  return value === 'core' ? { role: 'core' } : { role: 'team', team: value };
}

/** What a trusted key is enrolled as; null: known by name only (it may change nothing). */
export function keyEnrolment(k: TrustedKey): Enrolment | null {
  if (k.role === 'core') return { role: 'core' };
  return k.team ? { role: 'team', team: k.team } : null;
}

/** "core team", "team T03" or "not enrolled", in the UI language. */
export function enrolmentLabel(e: Enrolment | null): string {
  if (!e) return t('enrol.not_enrolled');
  return e.role === 'core' ? t('enrol.role_core') : t('enrol.role_team', { team: e.team });
}
