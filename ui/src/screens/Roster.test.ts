import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import Roster from './Roster.svelte';
import type { Observer, RosterPage, RosterQuery, Team } from '../lib/api';

afterEach(() => { cleanup(); clearMocks(); });

const meta = { created_at: '2024-02-07T03:00:00.000Z', updated_at: '2024-02-07T03:00:00.000Z', revision: 1, device_id: 'd', deleted: false };

/** The library's `roster` over these teams and observers: the first `limit` that match, the counts. */
function rosterOf(teams: Team[], observers: Observer[], q: RosterQuery): RosterPage {
  const s = q.search.trim().toLowerCase();
  const code = new Map(teams.map((tm) => [tm.id, tm.code]));
  const teamHits = teams.filter((tm) => [tm.code, tm.area].some((x) => x.toLowerCase().includes(s)));
  const observerHits = observers.filter((o) => [o.name, o.nationality, o.accreditation_number, code.get(o.team_id ?? '') ?? '']
    .some((x) => x.toLowerCase().includes(s)));
  return {
    teams: teamHits.slice(0, q.limit).map((tm) => ({ team_id: tm.id, code: tm.code, area: tm.area, members: observers.filter((o) => o.team_id === tm.id).length })),
    observers: observerHits.slice(0, q.limit).map((o) => ({ observer: o, team_code: code.get(o.team_id ?? '') ?? null })),
    teams_total: teams.length, teams_matching: teamHits.length,
    observers_total: observers.length, observers_matching: observerHits.length,
  };
}

const team = (i: number, area = 'North'): Team => ({ ...meta, id: `t${i}`, code: `T${String(i + 1).padStart(4, '0')}`, area });
const observer = (i: number, teamId: string | null): Observer => ({ ...meta, id: `o${i}`, name: `Observer ${i}`, nationality: 'Swedish', role: 'observer',
  accreditation_number: `ACC-${i}`, team_id: teamId });
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Roster: a team’s laptops', () => {
  it('writes a team’s mission kit and enrols a key for that team', async () => {
    const calls: [string, unknown][] = [];
    const fp = 'ab12-cd34-ef56-7890-1122-3344-5566-7788';
    const teams = [{ ...meta, id: 't1', code: 'T01', area: 'North' }, { ...meta, id: 't3', code: 'T03', area: 'South' }];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'roster') return rosterOf(teams, [], (args as { query: RosterQuery }).query);
      if (cmd === 'export_kit') {
        const { team } = args as { team: string };
        if (team === 'T01') throw { code: 'invalid_input', message: 'only a core laptop can write a mission kit', details: null };
        return { paths: ['/media/usb/T03.eomkit'] };
      }
      if (cmd === 'trust_fingerprint') {
        const { fingerprint, name } = args as { fingerprint: string; name: string };
        return { fingerprint, public_key: null, name, trusted_at: '2024-02-07T04:00:00.000Z', role: 'team', team: 'T03' };
      }
      return null;
    });
    render(Roster);
    await waitFor(() => expect(screen.getByTestId('kit-T03')).toBeTruthy());

    await fireEvent.click(screen.getByTestId('kit-T03'));
    await waitFor(() => expect(screen.getByTestId('kit-written-T03').textContent).toContain('/media/usb/T03.eomkit'));
    expect(calls.filter(([c]) => c === 'export_kit')).toEqual([['export_kit', { team: 'T03' }]]);
    // An error shows in place, under its team.
    await fireEvent.click(screen.getByTestId('kit-T01'));
    await waitFor(() => expect(screen.getByTestId('error').textContent).toContain('only a core laptop'));
    expect(screen.getByTestId('kit-written-T03')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('enrol-T03'));
    await fireEvent.input(screen.getByTestId('enrol-fp-T03'), { target: { value: fp } });
    await fireEvent.input(screen.getByTestId('enrol-name-T03'), { target: { value: 'Team 3' } });
    await fireEvent.click(screen.getByTestId('enrol-add-T03'));
    await waitFor(() => expect(screen.getByTestId('enrolled-T03').textContent).toContain('Team 3'));
    expect(calls.filter(([c]) => c === 'trust_fingerprint')).toEqual([
      ['trust_fingerprint', { fingerprint: fp, name: 'Team 3', enrolment: { role: 'team', team: 'T03' } }],
    ]);
    expect((screen.getByTestId('enrol-fp-T03') as HTMLInputElement).value).toBe('');
  });
});

describe('Roster at a mission’s size', () => {
  it('asks the library for the first hundred that match, not for every team and observer, and moves one observer at a time', async () => {
    const teams = Array.from({ length: 2500 }, (_, i) => team(i, i % 2 ? 'North' : 'South'));
    const observers = Array.from({ length: 5000 }, (_, i) => observer(i, `t${i % 2500}`));
    const calls: string[] = [];
    const asked: RosterQuery[] = [];
    const moved: Observer[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === 'roster') { asked.push((args as { query: RosterQuery }).query); return rosterOf(teams, observers, asked.at(-1)!); }
      if (cmd === 'teams') return teams;
      if (cmd === 'observers') return observers;
      if (cmd === 'update_observer') { moved.push((args as { observer: Observer }).observer); return null; }
      return null;
    });
    render(Roster);
    await waitFor(() => expect(screen.getByTestId('team-members-T0001').textContent).toBe('2'));
    expect(asked).toEqual([{ search: '', limit: 100 }]);
    // Opening the screen reads one page: not every team, not every observer.
    await settle(20);
    expect(calls).toEqual(['roster']);
    expect(document.querySelectorAll('[data-testid^="team-row-"]').length).toBe(100);
    expect(document.querySelectorAll('[data-testid^="observer-move-"]').length).toBe(100);
    expect(screen.getByTestId('teams-more').textContent).toContain('2,500');
    expect(screen.getByTestId('observers-more').textContent).toContain('5,000');
    expect(screen.getByText(/\(5,000\)/)).toBeTruthy();
    // No team select per observer row: one, when a row's team is changed.
    expect(document.querySelectorAll('[data-testid^="observer-team-"]').length).toBe(0);

    await fireEvent.input(screen.getByTestId('roster-search'), { target: { value: 'T2500' } });
    await waitFor(() => expect(document.querySelectorAll('[data-testid^="team-row-"]').length).toBe(1));
    expect(asked.at(-1)).toEqual({ search: 'T2500', limit: 100 });
    expect(document.querySelectorAll('[data-testid^="observer-move-"]').length).toBe(2);
    expect(screen.getByTestId('observer-move-Observer 2499').textContent).toBe('T2500');
    expect(screen.queryByTestId('teams-more')).toBeNull();
    expect(calls).not.toContain('teams');

    // Changing a team: the teams are asked for then, and the page again after the move.
    await fireEvent.click(screen.getByTestId('observer-move-Observer 2499'));
    const select = await screen.findByTestId('observer-team-Observer 2499') as HTMLSelectElement;
    expect(calls.filter((c) => c === 'teams')).toHaveLength(1);
    expect(select.options.length).toBe(2501);
    const before = asked.length;
    await fireEvent.change(select, { target: { value: 't0' } });
    await waitFor(() => expect(moved).toHaveLength(1));
    expect(moved[0]).toMatchObject({ id: 'o2499', team_id: 't0' });
    await waitFor(() => expect(asked.length).toBe(before + 1));
    expect(asked.at(-1)).toEqual({ search: 'T2500', limit: 100 });
    expect(calls).not.toContain('observers');
  });

  it('asks at the first keystroke and once more for the keys typed while it waited', async () => {
    const asked: string[] = [];
    let answer: (() => void) | null = null;
    mockIPC(async (cmd, args) => {
      if (cmd !== 'roster') return null;
      const q = (args as { query: RosterQuery }).query;
      asked.push(q.search);
      if (q.search === 'T') await new Promise<void>((r) => { answer = r; });
      return rosterOf([team(0)], [], q);
    });
    render(Roster);
    await waitFor(() => expect(asked).toEqual(['']));
    const input = screen.getByTestId('roster-search');
    await fireEvent.input(input, { target: { value: 'T' } });
    await settle(0);
    expect(asked).toEqual(['', 'T']);
    // Three more keys while the first answer is awaited: one question, with what was typed last.
    for (const v of ['T0', 'T00', 'T000']) await fireEvent.input(input, { target: { value: v } });
    await settle(50);
    expect(asked).toEqual(['', 'T']);
    answer!();
    await waitFor(() => expect(asked).toEqual(['', 'T', 'T000']));
    await waitFor(() => expect(document.querySelectorAll('[data-testid^="team-row-"]').length).toBe(1));
  });

  it('reads the page again after each change, and the teams when the add-observer form is used', async () => {
    const teams: Team[] = [team(0)];
    const observers: Observer[] = [observer(1, 't0')];
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      const a = args as Record<string, unknown>;
      if (cmd === 'roster') return rosterOf(teams, observers, a.query as RosterQuery);
      if (cmd === 'teams') return teams;
      if (cmd === 'save_team') { teams.push({ ...team(teams.length), code: a.code as string, area: a.area as string }); return teams.at(-1); }
      if (cmd === 'add_observer') {
        const n = a.new as Observer;
        observers.push({ ...observer(observers.length + 1, n.team_id), name: n.name });
        return observers.at(-1);
      }
      if (cmd === 'delete_observer') { observers.splice(observers.findIndex((o) => o.id === a.id), 1); return null; }
      return null;
    });
    const rosterCalls = () => calls.filter((c) => c === 'roster').length;
    render(Roster);
    await waitFor(() => expect(screen.getByTestId('team-members-T0001').textContent).toBe('1'));
    expect(calls).toEqual(['roster']);

    await fireEvent.input(screen.getByTestId('team-code'), { target: { value: 'T02' } });
    await fireEvent.click(screen.getByTestId('team-add'));
    await waitFor(() => expect(screen.getByTestId('team-row-T02')).toBeTruthy());
    expect(rosterCalls()).toBe(2);
    expect(calls).not.toContain('teams');

    // The add-observer form: its team choices are asked for when it is used.
    await fireEvent.focusIn(screen.getByTestId('obs-name'));
    await waitFor(() => expect((screen.getByTestId('obs-team') as HTMLSelectElement).options.length).toBe(3));
    expect(calls.filter((c) => c === 'teams')).toHaveLength(1);
    await fireEvent.input(screen.getByTestId('obs-name'), { target: { value: 'Anna' } });
    await fireEvent.change(screen.getByTestId('obs-team'), { target: { value: 't1' } });
    await fireEvent.click(screen.getByTestId('obs-add'));
    await waitFor(() => expect(screen.getByTestId('team-members-T02').textContent).toBe('1'));
    expect(rosterCalls()).toBe(3);
    expect(calls.filter((c) => c === 'teams')).toHaveLength(1);

    // A team added once the choices are known is among them.
    await fireEvent.input(screen.getByTestId('team-code'), { target: { value: 'T03' } });
    await fireEvent.click(screen.getByTestId('team-add'));
    await waitFor(() => expect((screen.getByTestId('obs-team') as HTMLSelectElement).options.length).toBe(4));
    expect(rosterCalls()).toBe(4);

    await fireEvent.click(screen.getByTestId('observer-delete-Anna'));
    await fireEvent.click(await screen.findByTestId('observer-delete-Anna-confirm'));
    await waitFor(() => expect(screen.getByTestId('team-members-T02').textContent).toBe('0'));
    expect(rosterCalls()).toBe(5);
    expect(calls).not.toContain('observers');
  });
});
