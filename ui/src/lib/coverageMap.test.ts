import { describe, expect, it } from 'vitest';
import { circle, drawMap, radius, square } from './coverageMap';
import type { CoveragePoint, PointState } from './bindings/types';

const pt = (code: string, lat: number, lon: number, state: PointState): CoveragePoint => ({ code, lat, lon, state });
/** The centres of the markers in a path (circles start at x − r, squares at x − s, y − s). */
const moves = (d: string) => [...d.matchAll(/M(-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('coverage map drawing', () => {
  it('draws one path per marker style, however many stations', () => {
    const points: CoveragePoint[] = [];
    for (let i = 0; i < 3000; i++) points.push(pt(String(i), 38 + (i % 60) * 0.05, 45 + Math.floor(i / 60) * 0.1, (['observed', 'not_observed', 'negative'] as const)[i % 3]));
    const m = drawMap(points);
    expect(Object.keys(m.paths).sort()).toEqual(['negative', 'not_observed', 'observed']);
    expect(moves(m.paths.observed)).toHaveLength(1000);
    expect(moves(m.paths.negative)).toHaveLength(1000);
    expect(m.r).toBe(radius(3000));
    // Every marker inside the drawing.
    for (const d of Object.values(m.paths)) {
      for (const [x, y] of moves(d)) {
        expect(x).toBeGreaterThanOrEqual(0); expect(x).toBeLessThanOrEqual(m.width);
        expect(y).toBeGreaterThanOrEqual(0); expect(y).toBeLessThanOrEqual(m.height);
      }
    }
  });

  it('keeps north up and the equirectangular proportions of the stations’ box', () => {
    // 1° of longitude at 60° N is half as long as 1° of latitude: a 2°×1° box is drawn square.
    const m = drawMap([pt('sw', 59.5, 10, 'observed'), pt('ne', 60.5, 12, 'observed')], 800);
    expect(m.height).toBe(800);
    const [[x1, y1], [x2, y2]] = moves(m.paths.observed).map(([x, y]) => [x + m.r, y]);
    expect(x2).toBeGreaterThan(x1);
    expect(y2).toBeLessThan(y1); // the northern station is higher
    expect(Math.abs((x2 - x1) - (y1 - y2))).toBeLessThan(4);
    // A wide country: the drawing is at least 40 % as high as wide.
    expect(drawMap([pt('w', 40, 44, 'observed'), pt('e', 40, 52, 'observed')]).height).toBe(320);
  });

  it('draws a single station, and nothing for no station', () => {
    const one = drawMap([pt('a', 40.4, 49.9, 'negative')]);
    expect(moves(one.paths.negative)).toHaveLength(1);
    expect(one.paths.observed).toBe('');
    expect(drawMap([]).height).toBe(0);
  });

  it('centres a single station and stations on one meridian', () => {
    const one = drawMap([pt('a', 40.4, 49.9, 'observed')], 800);
    // The circle's path starts at its left edge: x - r, y.
    const [x, y] = one.paths.observed.slice(1).split(/[a ]/).map(Number);
    expect(x + one.r).toBeCloseTo(400, 0);
    expect(y).toBeCloseTo(one.height / 2, 0);
    const line = drawMap([pt('a', 40.0, 49.9, 'observed'), pt('b', 41.0, 49.9, 'observed')], 800);
    const xs = line.paths.observed.split('M').slice(1).map((m) => Number(m.split(' ')[0]) + line.r);
    expect(xs[0]).toBeCloseTo(400, 0);
    expect(xs[1]).toBeCloseTo(400, 0);
  });

  it('tells the styles apart by shape: circles, and squares for negative', () => {
    expect(circle(10, 10, 5)).toBe('M5 10a5 5 0 1 0 10 0a5 5 0 1 0 -10 0Z');
    expect(square(10, 10, 5)).toBe('M5 5h10v10h-10Z');
    const m = drawMap([pt('a', 40, 49, 'negative'), pt('b', 41, 50, 'not_observed')]);
    expect(m.paths.negative).toContain('h');
    expect(m.paths.not_observed).toContain('a');
  });
});
