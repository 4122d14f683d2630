import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import Incidents from './Incidents.svelte';

afterEach(() => { cleanup(); clearMocks(); });

describe('Incidents at a mission’s size', () => {
  it('lists a hundred at a time with their team codes', async () => {
    const incidents = Array.from({ length: 250 }, (_, i) => ({ id: `i${i}`, occurred_at: '2024-02-07T05:00:00.000Z', team_id: `t${i % 3}`,
      station_id: null, visit_id: null, category: 'other', severity: 'minor', description: `Incident ${i}`, follow_up: 'not_needed' }));
    mockIPC((cmd) => {
      if (cmd === 'incidents') return incidents;
      if (cmd === 'teams') return [{ id: 't0', code: 'T01' }, { id: 't1', code: 'T02' }, { id: 't2', code: 'T03' }];
      if (cmd === 'incident_categories') return ['other'];
      if (cmd === 'stations' || cmd === 'templates') return [];
      return null;
    });
    render(Incidents);
    await waitFor(() => expect(screen.getByTestId('incidents-shown').textContent).toBe('100 of 250 incidents shown'));
    const rows = () => document.querySelectorAll('[data-testid="incident-list"] tbody tr').length;
    expect(rows()).toBe(100);
    expect(screen.getByTestId('incident-list').textContent).toContain('T02');
    await fireEvent.click(screen.getByTestId('incidents-more'));
    await waitFor(() => expect(rows()).toBe(200));
    await fireEvent.click(screen.getByTestId('incidents-more'));
    await waitFor(() => expect(rows()).toBe(250));
    expect(screen.queryByTestId('incidents-more')).toBeNull();
  });
});
