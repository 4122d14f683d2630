import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import Stations from './Stations.svelte';

afterEach(() => { cleanup(); clearMocks(); });

describe('Stations', () => {
  it('shows the line-level errors of a bad CSV and imports nothing', async () => {
    const imported: unknown[] = [];
    mockIPC((cmd) => {
      if (cmd === 'station_count') return 0;
      if (cmd === 'stations') return [];
      if (cmd === 'choose_stations_csv') return { file_name: 'bad.csv', rows: 1, mapping: [['code', 'code'], ['name', 'name']], sample: [['1', 'School', '']],
        errors: [{ line: 3, column: 'registered_voters', message: '`many` is not a whole number' }] };
      if (cmd === 'import_stations') {
        imported.push(cmd);
        throw { code: 'invalid_file', message: 'bad.csv: 1 invalid line(s), nothing was imported', details: { kind: 'lines', lines: [{ line: 3, column: 'registered_voters', message: '`many` is not a whole number' }] } };
      }
      return null;
    }, { shouldMockEvents: true });
    render(Stations);
    await fireEvent.click(screen.getByTestId('csv-choose'));
    await waitFor(() => expect(screen.getByTestId('preview-errors').textContent).toContain('registered_voters'));
    await fireEvent.click(screen.getByTestId('csv-import'));
    await waitFor(() => expect(screen.getByTestId('line-errors').textContent).toContain('3'));
    expect(screen.getByTestId('station-count').textContent).toContain('0');
  });
});
