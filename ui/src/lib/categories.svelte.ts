// Incident category labels come from the incident template (SPEC 3.5), in the UI language.
import { api, type Template } from './api';
import { label } from './i18n.svelte';

const labels = $state({ map: {} as Record<string, Record<string, string>> });
let loaded = false;

export async function loadCategoryLabels(templates?: Template[]) {
  if (loaded) return;
  loaded = true;
  const all = templates ?? (await api.templates().catch(() => [] as Template[]));
  const cats = new Set(await api.incidentCategories().catch(() => [] as string[]));
  for (const t of all.filter((x) => x.phase === 'incident')) {
    for (const q of t.questions) {
      const opts = q.options ?? [];
      if (opts.length && opts.every((o) => cats.has(o.value))) for (const o of opts) labels.map[o.value] = o.label;
    }
  }
}

export function categoryLabel(value: string): string {
  return labels.map[value] ? label(labels.map[value]) : value.replace(/_/g, ' ');
}
