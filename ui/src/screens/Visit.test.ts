import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import Visit from './Visit.svelte';

afterEach(() => { cleanup(); clearMocks(); });

const visit = {
  id: 'v1', created_at: '2024-02-07T05:00:00.000Z', updated_at: '2024-02-07T05:00:00.000Z', revision: 1, device_id: 'd', deleted: false,
  team_id: 't1', station_id: 's1', arrival_at: '2024-02-07T05:00:00.000Z', departure_at: null as string | null, breaks: [], phases: [],
  observer_ids: [] as string[], interpreter_used: null, voters_on_list: null, voters_voted_at_arrival: null, observed_unrestricted: null, notes: '',
};

describe('Visit', () => {
  it('keeps both observers ticked quickly one after the other: each save starts from the one before', async () => {
    let stored = { ...visit };
    const sent: string[][] = [];
    mockIPC(async (cmd, args) => {
      if (cmd === 'visit') return stored;
      if (cmd === 'stations_by_id') return [{ id: 's1', code: '001', name: 'School No. 1', admin_levels: [] }];
      if (cmd === 'teams') return [{ id: 't1', code: 'T01', area: 'Baku' }];
      if (cmd === 'observers') return [{ id: 'o1', name: 'Anna', team_id: 't1' }, { id: 'o2', name: 'Bob', team_id: 't1' }];
      if (cmd === 'templates' || cmd === 'checklists_for_visit' || cmd === 'attachments_of') return [];
      if (cmd === 'save_visit_header') {
        const h = (args as { header: { observer_ids: string[] } }).header;
        sent.push(h.observer_ids);
        // The first save is slow (the store is busy); the second tick comes meanwhile.
        await new Promise((r) => setTimeout(r, sent.length === 1 ? 40 : 1));
        stored = { ...stored, ...h, revision: stored.revision + 1 };
        return stored;
      }
      return null;
    });
    render(Visit, { id: 'v1' });
    await waitFor(() => expect(screen.getByTestId('visit-present').textContent).toContain('Bob'));
    const [anna, bob] = screen.getByTestId('visit-present').querySelectorAll('input');
    await fireEvent.click(anna);
    await fireEvent.click(bob);
    await waitFor(() => expect(sent).toEqual([['o1'], ['o1', 'o2']]));
    await waitFor(() => expect(stored.observer_ids).toEqual(['o1', 'o2']));
  });

  it('departs after a header save already under way, so the save cannot undo the departure', async () => {
    let stored = { ...visit };
    mockIPC(async (cmd, args) => {
      if (cmd === 'visit') return stored;
      if (cmd === 'stations_by_id') return [{ id: 's1', code: '001', name: 'School No. 1', admin_levels: [] }];
      if (cmd === 'teams') return [{ id: 't1', code: 'T01', area: 'Baku' }];
      if (cmd === 'observers' || cmd === 'templates' || cmd === 'checklists_for_visit' || cmd === 'attachments_of') return [];
      if (cmd === 'election_day_time') return '2024-02-07T08:00:00.000Z';
      if (cmd === 'save_visit_header') {
        const h = (args as { header: Record<string, unknown> }).header;
        await new Promise((r) => setTimeout(r, 40));
        stored = { ...stored, ...h, revision: stored.revision + 1 };
        return stored;
      }
      if (cmd === 'depart') {
        stored = { ...stored, departure_at: (args as { at: string }).at, revision: stored.revision + 1 };
        return stored;
      }
      return null;
    });
    render(Visit, { id: 'v1' });
    const list = await screen.findByTestId('vh-list');
    await fireEvent.change(list, { target: { value: '1200' } });
    await fireEvent.click(screen.getByTestId('depart'));
    await waitFor(() => expect(screen.getByTestId('departure').textContent).not.toBe('—'));
    await new Promise((r) => setTimeout(r, 60));
    expect(stored.voters_on_list).toBe(1200);
    expect(stored.departure_at).toBe('2024-02-07T08:00:00.000Z');
  });
});
