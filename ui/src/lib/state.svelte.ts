// App-wide state: the mission, navigation, and the last-saved indicator.
import type { Mission } from './api';

export type Screen =
  | { name: 'first-start' }
  | { name: 'mission' }
  | { name: 'roster' }
  | { name: 'stations' }
  | { name: 'day' }
  | { name: 'visit'; id: string }
  | { name: 'incidents'; visitId?: string }
  | { name: 'dashboard' }
  | { name: 'review' }
  | { name: 'exchange' };

export const app = $state({
  mission: null as Mission | null,
  screen: { name: 'first-start' } as Screen,
  dbPath: '',
  /** Shown in the header: the time of the last successful save. */
  savedAt: null as string | null,
  saving: 0,
});

export function go(screen: Screen) {
  app.screen = screen;
}

export function tz(): string {
  return app.mission?.time_zone ?? 'UTC';
}
