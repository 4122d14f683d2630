import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import Roster from './Roster.svelte';

afterEach(() => { cleanup(); clearMocks(); });

describe('Roster: a team’s laptops', () => {
  it('writes a team’s mission kit and enrols a key for that team', async () => {
    const calls: [string, unknown][] = [];
    const fp = 'ab12-cd34-ef56-7890-1122-3344-5566-7788';
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'teams') return [{ id: 't1', code: 'T01', area: 'North' }, { id: 't3', code: 'T03', area: 'South' }];
      if (cmd === 'observers') return [];
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
  it('shows the first hundred teams and observers that match the search, counts members once, moves one observer at a time', async () => {
    const teams = Array.from({ length: 2500 }, (_, i) => ({ id: `t${i}`, code: `T${String(i + 1).padStart(4, '0')}`, area: i % 2 ? 'North' : 'South' }));
    const observers = Array.from({ length: 5000 }, (_, i) => ({ id: `o${i}`, name: `Observer ${i}`, nationality: 'Swedish', role: 'observer',
      accreditation_number: `ACC-${i}`, team_id: `t${i % 2500}` }));
    const moved: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'teams') return teams;
      if (cmd === 'observers') return observers;
      if (cmd === 'update_observer') { moved.push((args as { observer: unknown }).observer); return null; }
      return null;
    });
    render(Roster);
    await waitFor(() => expect(screen.getByTestId('team-members-T0001').textContent).toBe('2'));
    expect(document.querySelectorAll('[data-testid^="team-row-"]').length).toBe(100);
    expect(document.querySelectorAll('[data-testid^="observer-move-"]').length).toBe(100);
    expect(screen.getByTestId('teams-more').textContent).toContain('2,500');
    // No team select per observer row: one, when a row's team is changed.
    expect(document.querySelectorAll('[data-testid^="observer-team-"]').length).toBe(0);
    await fireEvent.input(screen.getByTestId('roster-search'), { target: { value: 'T2500' } });
    await waitFor(() => expect(document.querySelectorAll('[data-testid^="team-row-"]').length).toBe(1));
    expect(document.querySelectorAll('[data-testid^="observer-move-"]').length).toBe(2);
    await fireEvent.click(screen.getByTestId('observer-move-Observer 2499'));
    const select = screen.getByTestId('observer-team-Observer 2499') as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 't0' } });
    await waitFor(() => expect(moved).toHaveLength(1));
    expect(moved[0]).toMatchObject({ id: 'o2499', team_id: 't0' });
  });
});
