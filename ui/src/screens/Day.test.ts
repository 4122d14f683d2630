import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import Day from './Day.svelte';
import type { DayVisit, TeamDay } from '../lib/bindings/types';

afterEach(() => { cleanup(); clearMocks(); });

const teams: TeamDay[] = [
  { team_id: 'a', code: 'T01', area: 'Baku', visits: 2, open: 1 },
  { team_id: 'b', code: 'T02', area: 'Ganja', visits: 1, open: 0 },
];
const visit = (code: string, over: Partial<DayVisit> = {}): DayVisit => ({
  visit_id: 'v' + code, arrival_at: '2024-02-07T05:00:00.000Z', departure_at: '2024-02-07T06:00:00.000Z', station_code: code,
  station_name: 'School', station_kind: 'station', phases: ['voting'], checklists: [{ phase: 'voting', assessment: 'bad', negative: true, submitted: true }], ...over,
});

describe('Election day', () => {
  it('shows one team’s day from the library and switches team with one call', async () => {
    const asked: string[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'team_days') return teams;
      if (cmd === 'app_info') return { laptop_team: 'T02' };
      if (cmd === 'team_day') {
        const id = (args as { teamId: string }).teamId;
        asked.push(id);
        return id === 'a' ? [visit('101'), visit('DEC-1', { station_kind: 'commission', phases: ['tabulation'], departure_at: null,
          checklists: [{ phase: 'tabulation', assessment: null, negative: false, submitted: false }] })] : [visit('201')];
      }
      return null;
    });
    render(Day);
    // A laptop that joined as T02 opens on its own team.
    await waitFor(() => expect(screen.getByTestId('team-T02')).toBeTruthy());
    await waitFor(() => expect(screen.getByTestId('visit-row-201').textContent).toContain('Bad'));
    // The library says which assessments are negative; the tag shows it.
    expect(screen.getByTestId('visit-row-201').querySelector('.tag')?.classList.contains('bad')).toBe(true);
    expect(screen.getByTestId('day-totals').textContent).toBe('2 teams · 3 visits');
    // Each team's count in its plural form.
    expect([...(screen.getByTestId('day-team') as HTMLSelectElement).options].map((o) => o.textContent))
      .toEqual(['T01 · Baku — 2 visits, 1 open', 'T02 · Ganja — 1 visit, 0 open']);
    await fireEvent.change(screen.getByTestId('day-team'), { target: { value: 'a' } });
    await waitFor(() => expect(screen.getByTestId('visit-row-DEC-1')).toBeTruthy());
    expect(asked).toEqual(['b', 'a']);
    const row = screen.getByTestId('visit-row-DEC-1').textContent ?? '';
    expect(row).toContain('Election commission');
    expect(row).toContain('Tabulation · draft');
    const tag = screen.getByTestId('visit-row-DEC-1').querySelector('.tag');
    expect(tag?.classList.contains('bad') || tag?.classList.contains('ok')).toBe(false);
    expect(row).toContain('open');
  });
});
