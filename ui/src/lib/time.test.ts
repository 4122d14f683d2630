import { describe, expect, it } from 'vitest';
import { offsetMinutes, timeIn, dateIn } from './time';

// Typed times become instants in the library (`election_day_time`); the UI only shows them.
describe('mission time zone', () => {
  it('shows a UTC instant as Baku wall-clock time', () => {
    expect(timeIn('2024-02-07T04:15:00.000Z', 'Asia/Baku')).toBe('08:15');
    expect(dateIn('2024-02-07T04:15:00.000Z', 'Asia/Baku')).toBe('2024-02-07');
    expect(timeIn('2024-02-07T20:30:00.000Z', 'Asia/Baku')).toBe('00:30');
    expect(dateIn('2024-02-07T20:30:00.000Z', 'Asia/Baku')).toBe('2024-02-08');
  });
  it('handles zones with daylight saving', () => {
    expect(timeIn('2024-07-01T10:00:00.000Z', 'Europe/Berlin')).toBe('12:00');
    expect(timeIn('2024-01-01T11:00:00.000Z', 'Europe/Berlin')).toBe('12:00');
    expect(offsetMinutes('Asia/Kathmandu', Date.UTC(2024, 0, 1))).toBe(345);
  });
});
