import { describe, expect, it } from 'vitest';
import { formatDate, longDate, parseDate } from './dates';

describe('dates in the UI language', () => {
  it('writes day, month, year with the language separator', () => {
    expect(formatDate('2024-02-07', 'en')).toBe('07/02/2024');
    expect(formatDate('2024-02-07', 'ru')).toBe('07.02.2024');
    expect(formatDate('2024-02-07', 'az')).toBe('07.02.2024');
  });
  it('reads day-month-year with any separator, and ISO; refuses what is no date', () => {
    expect(parseDate('7/2/2024')).toBe('2024-02-07');
    expect(parseDate('07.02.2024')).toBe('2024-02-07');
    expect(parseDate('7-2-2024')).toBe('2024-02-07');
    expect(parseDate('2024-02-07')).toBe('2024-02-07');
    expect(parseDate('31/02/2024')).toBeNull();
    expect(parseDate('02/31/2024')).toBeNull();
    expect(parseDate('tomorrow')).toBeNull();
  });
  it('says the date in words to confirm it', () => {
    expect(longDate('2024-02-07', 'en')).toBe('Wednesday, 7 February 2024');
    expect(longDate('2024-02-07', 'ru')).toBe('среда, 7 февраля 2024 г.');
    expect(longDate('2024-02-07', 'az')).toBe('7 fevral 2024, çərşənbə');
  });
});
