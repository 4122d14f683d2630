import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, cleanup, fireEvent } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import Dashboard from './Dashboard.svelte';
import { setLang } from '../lib/i18n.svelte';
import type { Dashboard as DashboardFigures, Statistics, StatsFilter } from '../lib/bindings/types';

/** The dashboard command's answer: the statistics with their long lists counted. */
const dash = (s: Statistics, more = 0): DashboardFigures => ({ statistics: s, turnout_flags: s.turnout_flags.length, protocol_failures: s.protocol_failures.length + more });

/** A share as the library sends it (below 30 no percentage: the fixtures stay under it). */
const sh = (count: number, of: number) => ({ count, of, percent: null });

const counts = (very_good: number, good: number, bad: number, very_bad: number, display: string) => {
  const total = very_good + good + bad + very_bad;
  const negative = bad + very_bad;
  return { very_good, good, bad, very_bad, total, negative, negative_rate: total ? (negative * 100) / total : null, negative_display: display, negative_share: sh(negative, total) };
};

function stats(filter: StatsFilter): Statistics {
  return {
    mission: 'M', is_sample: false, filter,
    coverage: { teams: 2, observers: 4, visits: filter.phase === 'voting' ? 3 : 5, visits_by_phase: {}, stations_visited: 4, stations_total: 50,
      stations_visited_display: '8.0 %', stations_visited_share: { count: 4, of: 50, percent: 8.0 }, checklists: {}, by_region: [{ group: 'Baku', stations_total: 30, stations_visited: 3, visits: 4 }],
      by_setting: [], observing_minutes: 125 },
    tabulation: { commissions_total: 0, commissions_observed: 0, commissions_observed_display: '–', commissions_observed_share: sh(0, 0), visits: 0, commissions_assessed: 0,
      commissions_negative: 0, commissions_negative_display: '–', commissions_negative_share: sh(0, 0) },
    assessments: { opening: counts(1, 0, 0, 0, '0 of 1'), voting: counts(1, 1, 1, 0, '1 of 3'), counting: counts(0, 0, 0, 0, '–') },
    assessments_by_region: {}, assessments_by_setting: {},
    problems: [{ template: 'voting', phase: 'voting', code: 'V02', question: 'Overcrowded?', answered: 3, problem: 1, rate: 33.3, display: '1 of 3', share: sh(1, 3) }],
    turnout: [], turnout_flags: [], protocol_failures: [],
    incidents: { total: 1, by_category: { vote_buying: 1 }, by_severity: { serious: 1 }, by_source: {}, by_follow_up: {} },
    women: { members_present: 10, members_women: 4, members_women_display: '4 of 10', members_women_share: sh(4, 10), chairs_answered: 1, chairs_women: 0, chairs_women_display: '0 of 1', chairs_women_share: sh(0, 1) },
    data_quality: { checklists_total: 4, checklists_incomplete: 1, answers_total: 100, answers_not_observed: 5 },
  };
}

afterEach(() => { cleanup(); clearMocks(); setLang('en'); });

describe('Dashboard', () => {
  it('shows the library’s figures and asks again when a filter changes', async () => {
    const filters: StatsFilter[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'statistics') { const f = (args as { filter: StatsFilter }).filter; filters.push(f); return dash(stats(f)); }
      if (cmd === 'teams') return [];
      if (cmd === 'templates') return [];
      if (cmd === 'incident_categories') return ['vote_buying'];
      return null;
    });
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('fig-visits').textContent).toBe('5'));
    expect(screen.getByTestId('neg-voting').textContent).toBe('1 of 3');
    expect(screen.getByTestId('chart-voting').textContent).toContain('Bad');
    await fireEvent.change(screen.getByTestId('f-phase'), { target: { value: 'voting' } });
    await waitFor(() => expect(screen.getByTestId('fig-visits').textContent).toBe('3'));
    expect(filters.at(-1)).toEqual({ phase: 'voting', region: null, team: null });
  });

  it('shows the tabulation block and offers its phase only when the mission has commissions', async () => {
    mockIPC((cmd, args) => (cmd === 'statistics' ? dash(stats((args as { filter: StatsFilter }).filter)) : []));
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('fig-visits').textContent).toBe('5'));
    expect(screen.queryByTestId('tabulation')).toBeNull();
    expect([...(screen.getByTestId('f-phase') as HTMLSelectElement).options].map((o) => o.value)).not.toContain('tabulation');
    cleanup();
    const withCommissions = (f: StatsFilter): Statistics => ({ ...stats(f),
      tabulation: { commissions_total: 3, commissions_observed: 2, commissions_observed_display: '2 of 3', commissions_observed_share: sh(2, 3), visits: 2, commissions_assessed: 2,
        commissions_negative: 1, commissions_negative_display: '1 of 2', commissions_negative_share: sh(1, 2) },
      assessments: { ...stats(f).assessments, tabulation: counts(0, 1, 1, 0, '1 of 2') } });
    mockIPC((cmd, args) => (cmd === 'statistics' ? dash(withCommissions((args as { filter: StatsFilter }).filter)) : []));
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('neg-tabulation').textContent).toBe('1 of 2'));
    expect(screen.getByTestId('tab-observed').textContent).toContain('2 of 3 commissions');
    expect(screen.getByTestId('tab-observed').textContent).toContain('· 2 visits');
    expect(screen.getByTestId('chart-tabulation').textContent).toContain('Bad');
    expect([...(screen.getByTestId('f-phase') as HTMLSelectElement).options].map((o) => o.value)).toContain('tabulation');
  });

  it('writes "X of N" in Russian, and each count in its plural form', async () => {
    setLang('ru');
    mockIPC((cmd, args) => (cmd === 'statistics' ? dash(stats((args as { filter: StatsFilter }).filter)) : cmd === 'incident_categories' ? [] : []));
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('neg-voting').textContent).toBe('1 из 3'));
    // 2 teams, 4 observers, 5 visits, 4 stations visited; 1 opening and 3 voting checklists.
    const coverage = screen.getByTestId('coverage').textContent ?? '';
    for (const label of ['группы', 'наблюдателя', 'посещений', 'участка посещено (8,0 % из 50)']) expect(coverage).toContain(label);
    expect(screen.getByTestId('assess-opening').textContent).toContain('1 анкета');
    expect(screen.getByTestId('assess-voting').textContent).toContain('3 анкеты');
  });

  it('speaks Azerbaijani', async () => {
    setLang('az');
    mockIPC((cmd, args) => (cmd === 'statistics' ? dash(stats((args as { filter: StatsFilter }).filter)) : []));
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('neg-voting').textContent).toBe('1 / 3'));
    expect(screen.getByTestId('coverage').textContent).toContain('ziyarət edilmiş məntəqə');
    expect(screen.getByTestId('assess-voting').textContent).toContain('3 anket');
    expect(screen.getByTestId('chart-voting').textContent).toContain('Pis');
  });

  it('names protocol failures in the chosen language, with the figures as a formula outside English', async () => {
    const failing = (f: StatsFilter): Statistics => ({ ...stats(f), protocol_failures: [{ station_code: '003-002', team: 'T03', checklist_id: 'c',
      check: 'valid_invalid_found', message: 'valid (1084) + invalid (33) = 1117 ≠ ballots found (1110)', formula: '1084 + 33 = 1117 ≠ 1110' }] });
    mockIPC((cmd, args) => (cmd === 'statistics' ? dash(failing((args as { filter: StatsFilter }).filter)) : []));
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('protocol-failures').textContent).toContain('valid (1084)'));
    expect(screen.getByTestId('protocol-failures').textContent).toContain('Valid + invalid ≠ ballots found');
    cleanup();
    setLang('ru');
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('protocol-failures').textContent).toContain('1084 + 33 = 1117 ≠ 1110'));
    expect(screen.getByTestId('protocol-failures').textContent).toContain('Действительные + недействительные');
    expect(screen.getByTestId('protocol-failures').textContent).not.toContain('valid (1084)');
  });

  it('counts the protocol failures it does not list', async () => {
    const failing = (f: StatsFilter): Statistics => ({ ...stats(f), protocol_failures: [{ station_code: '003-002', team: 'T03', checklist_id: 'c',
      check: 'valid_invalid_found', message: 'valid (1084) + invalid (33) = 1117 ≠ ballots found (1110)', formula: '1084 + 33 = 1117 ≠ 1110' }] });
    mockIPC((cmd, args) => (cmd === 'statistics' ? dash(failing((args as { filter: StatsFilter }).filter), 1204) : []));
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('protocol-more').textContent).toContain('and 1,204 more'));
  });
});

describe('Dashboard: coverage map', () => {
  const points = {
    points: [
      { code: '001', lat: 40.40, lon: 49.86, state: 'observed' },
      { code: '002', lat: 40.41, lon: 49.90, state: 'not_observed' },
      { code: '003', lat: 40.60, lon: 50.10, state: 'negative' },
      { code: '004', lat: 40.20, lon: 49.50, state: 'not_observed' },
    ],
    observed: 1, not_observed: 2, negative: 1, without_coordinates: 3,
  };

  it('draws the stations from the library’s points, one path per style, with a legend and those left off', async () => {
    mockIPC((cmd, args) => (cmd === 'statistics' ? dash(stats((args as { filter: StatsFilter }).filter)) : cmd === 'coverage_points' ? points : []));
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('coverage-map')).toBeTruthy());
    const svg = screen.getByTestId('coverage-svg');
    expect(svg.querySelectorAll('path')).toHaveLength(3);
    expect(screen.getByTestId('map-not_observed').getAttribute('d')?.match(/M/g)).toHaveLength(2);
    expect(screen.getByTestId('map-negative').getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+h/);
    expect(screen.getByTestId('legend-observed').textContent).toContain('Visited 1');
    expect(screen.getByTestId('legend-not_observed').textContent).toContain('Not visited 2');
    expect(screen.getByTestId('legend-negative').textContent).toContain('Assessed negatively 1');
    expect(screen.getByTestId('map-without-coordinates').textContent).toBe('3 polling stations have no coordinates and are not on the map.');
    expect(svg.getAttribute('aria-label')).toContain('1 visited, 1 assessed negatively, 2 not visited');
    // A filter narrows the figures, not the map: it says so.
    expect(screen.getByTestId('coverage-map').textContent).not.toContain('whatever the filters');
    await fireEvent.change(screen.getByTestId('f-phase'), { target: { value: 'voting' } });
    await waitFor(() => expect(screen.getByTestId('coverage-map').textContent).toContain('whatever the filters'));
  });

  it('is hidden when no station has coordinates, and speaks Russian and Azerbaijani', async () => {
    mockIPC((cmd, args) => (cmd === 'statistics' ? dash(stats((args as { filter: StatsFilter }).filter))
      : cmd === 'coverage_points' ? { points: [], observed: 0, not_observed: 0, negative: 0, without_coordinates: 50 } : []));
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('fig-visits').textContent).toBe('5'));
    expect(screen.queryByTestId('coverage-map')).toBeNull();
    cleanup(); clearMocks();
    setLang('ru');
    mockIPC((cmd, args) => (cmd === 'statistics' ? dash(stats((args as { filter: StatsFilter }).filter)) : cmd === 'coverage_points' ? { ...points, without_coordinates: 1 } : []));
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('map-without-coordinates').textContent).toBe('1 участок без координат не показан на карте.'));
    expect(screen.getByTestId('legend-not_observed').textContent).toContain('Непосещённые 2');
    cleanup();
    setLang('az');
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId('legend-observed').textContent).toContain('Ziyarət edilib 1'));
  });
});
