// The stations a screen's rows name, by id: asked of the library for just those rows (a domestic
// network lists 10,000 stations; no screen keeps the whole list).
import { api, type Station } from './api';

export async function stationsById(ids: Iterable<string | null | undefined>): Promise<Map<string, Station>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  return new Map((await api.stationsById(wanted)).map((s) => [s.id, s]));
}

/** The station whose code is exactly `code` (as typed), if any. */
export async function stationByCode(code: string): Promise<Station | undefined> {
  const c = code.trim();
  return c ? (await api.stations(c, 8)).find((s) => s.code === c) : undefined;
}
