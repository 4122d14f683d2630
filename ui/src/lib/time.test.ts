import { describe, expect, it } from 'vitest';
import { offsetMinutes, timeIn, zonedToUtc, dateIn, isZone } from './time';

describe('mission time zone', () => {
  it('converts a Baku wall-clock time to UTC and back', () => {
    const utc = zonedToUtc('2024-02-07', '08:15', 'Asia/Baku');
    expect(utc).toBe('2024-02-07T04:15:00.000Z');
    expect(timeIn(utc!, 'Asia/Baku')).toBe('08:15');
    expect(dateIn(utc!, 'Asia/Baku')).toBe('2024-02-07');
  });
  it('handles zones with daylight saving', () => {
    expect(zonedToUtc('2024-07-01', '12:00', 'Europe/Berlin')).toBe('2024-07-01T10:00:00.000Z');
    expect(zonedToUtc('2024-01-01', '12:00', 'Europe/Berlin')).toBe('2024-01-01T11:00:00.000Z');
    expect(offsetMinutes('Asia/Kathmandu', Date.UTC(2024, 0, 1))).toBe(345);
  });
  it('refuses what is not a time', () => {
    expect(zonedToUtc('2024-02-07', '25:00', 'Asia/Baku')).toBeNull();
    expect(zonedToUtc('2024-02-07', 'noon', 'Asia/Baku')).toBeNull();
    expect(isZone('Asia/Baku')).toBe(true);
    expect(isZone('Mars/Olympus')).toBe(false);
  });
});
