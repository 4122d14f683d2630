import { describe, expect, it } from 'vitest';
import en from '../messages/en.json';
import ru from '../messages/ru.json';
import az from '../messages/az.json';
import { languages, locale, setLang, share, t } from './i18n.svelte';
import { asAppError } from './api';

describe('messages', () => {
  it('English, Russian and Azerbaijani have the same keys and placeholders', () => {
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [lang, messages] of Object.entries({ ru, az }) as [string, Record<string, string>][]) {
      expect(Object.keys(messages).sort(), lang).toEqual(Object.keys(en).sort());
      for (const k of Object.keys(en)) expect(ph(messages[k]), `${lang} ${k}`).toEqual(ph((en as Record<string, string>)[k]));
    }
  });
  it('offers every message file in the header and switches to Azerbaijani', () => {
    expect(languages.map((l) => l.code)).toEqual(['en', 'ru', 'az']);
    setLang('az');
    expect(locale.lang).toBe('az');
    expect(document.documentElement.lang).toBe('az');
    expect(t('nav.stations')).toBe('Seçki məntəqələri');
    expect(share('3 of 12')).toBe('3 / 12');
    setLang('en');
  });
  it('switches language and translates the library’s "X of N"', () => {
    setLang('ru');
    expect(t('nav.dashboard')).toBe('Сводка');
    expect(share('3 of 12')).toBe('3 из 12');
    expect(share('7.5 %')).toBe('7.5 %');
    setLang('en');
    expect(t('stations.count', { n: 5 })).toBe('5 stations in the list');
  });
  it('keeps Rust errors as they are and wraps anything else', () => {
    expect(asAppError({ code: 'not_found', message: 'x', details: null }).code).toBe('not_found');
    expect(asAppError('boom')).toEqual({ code: 'io', message: 'boom', details: null });
  });
});
