// The station list, fetched once and shared by the screens that name visited stations.
// Invalidated after a station or bundle import.
import { api, type Station } from './api';

let cache: Promise<Map<string, Station>> | null = null;

export function stationsById(): Promise<Map<string, Station>> {
  cache ??= api.stations('', 1_000_000).then((all) => new Map(all.map((s) => [s.id, s])));
  cache.catch(() => (cache = null));
  return cache;
}

export function forgetStations() {
  cache = null;
}
