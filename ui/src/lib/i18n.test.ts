import { describe, expect, it } from 'vitest';
import { catalogs, errorText, languages, locale, plural, setLang, share, shareOf, t, type Message } from './i18n.svelte';
import { asAppError } from './api';
import type { ErrorCode } from './bindings/types';

/** Every code the library returns to the app (svelte-check fails here when the bindings gain one). */
const ERROR_CODES: Record<ErrorCode, true> = {
  database: true, io: true, newer_database: true, no_mission: true, conflict: true, not_found: true, invalid_input: true,
  invalid_file: true, not_submittable: true, wrong_passphrase: true, passphrase_required: true, signature_mismatch: true,
  unsigned: true, history_broken: true, unknown_signer: true, unauthorized: true, report: true,
};

const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m));
const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('messages', () => {
  it('every language has every key, the same placeholders, and each plural message the categories its language needs', () => {
    expect(Object.keys(catalogs).sort()).toEqual(languages.map((l) => l.code).sort());
    const en = catalogs.en;
    for (const { code: lang } of languages) {
      const messages = catalogs[lang];
      expect(Object.keys(messages).sort(), lang).toEqual(Object.keys(en).sort());
      const categories = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
      for (const [key, english] of Object.entries(en)) {
        const m = messages[key];
        expect(typeof m, `${lang} ${key}: text or plural like English`).toBe(typeof english);
        if (typeof m !== 'string') expect(Object.keys(m).sort(), `${lang} ${key}: plural forms`).toEqual(categories);
        const want = placeholders(typeof english === 'string' ? english : english.other);
        for (const form of forms(m)) expect(placeholders(form), `${lang} ${key}: ${form}`).toEqual(want);
      }
    }
  });
  it('picks the plural form of each language with Intl.PluralRules', () => {
    setLang('en');
    expect([1, 2, 0].map((n) => plural('count.visit', n))).toEqual(['1 visit', '2 visits', '0 visits']);
    expect(t('stations.count', { n: 5 })).toBe('5 stations in the list');
    expect(t('stations.count', { n: 1 })).toBe('1 station in the list');
    expect(plural('count.visit', 20000, { n: '20,000' })).toBe('20,000 visits');
    setLang('ru');
    expect([1, 3, 5, 11, 21, 22, 25, 111].map((n) => plural('count.visit', n))).toEqual([
      '1 посещение', '3 посещения', '5 посещений', '11 посещений', '21 посещение', '22 посещения', '25 посещений', '111 посещений',
    ]);
    expect(plural('enc.encrypted', 2)).toBe('Зашифровано; вместе с базой преобразованы 2 резервные копии.');
    setLang('az');
    expect([1, 7].map((n) => plural('count.checklist', n))).toEqual(['1 anket', '7 anket']);
    // A text message ignores the count; an unknown key is itself.
    expect(plural('nav.day', 3)).toBe('Seçki günü');
    expect(plural('no.such', 3)).toBe('no.such');
    setLang('en');
  });
  it('switches language and writes the library’s shares in it', () => {
    setLang('ru');
    expect(t('nav.dashboard')).toBe('Сводка');
    expect(share({ count: 3, of: 12, percent: null })).toBe('3 из 12');
    expect(share({ count: 3, of: 40, percent: 7.5 })).toBe('7,5 %');
    expect(shareOf({ count: 10, of: 10000, percent: 0.1 })).toBe('0,1 % из 10\u00a0000');
    expect(share({ count: 0, of: 0, percent: null })).toBe('–');
    setLang('en');
    expect(shareOf({ count: 10, of: 10000, percent: 0.1 })).toBe('0.1 % of 10,000');
    expect(shareOf({ count: 3, of: 20, percent: null })).toBe('3 of 20');
    expect(t('stations.count', { n: 5 })).toBe('5 stations in the list');
  });
  it('offers every message file in the header and switches to Azerbaijani', () => {
    expect(languages.map((l) => l.code)).toEqual(['en', 'ru', 'az']);
    setLang('az');
    expect(locale.lang).toBe('az');
    expect(document.documentElement.lang).toBe('az');
    expect(t('nav.stations')).toBe('Seçki məntəqələri');
    expect(share({ count: 3, of: 12, percent: null })).toBe('3 / 12');
    setLang('en');
  });
  it('says what every error code means, as a sentence, in every language', () => {
    for (const { code: lang } of languages) {
      for (const code of Object.keys(ERROR_CODES)) {
        const text = catalogs[lang]['error.' + code];
        expect(typeof text === 'string' && /[.!]$/.test(text), `${lang} error.${code}: ${text}`).toBe(true);
      }
    }
    setLang('az');
    expect(errorText('wrong_passphrase')).toBe('Parol ifadəsi yanlışdır.');
    setLang('ru');
    expect(errorText('invalid_file')).toBe('Файл нельзя использовать; из него ничего не взято.');
    expect(errorText('a_code_from_a_newer_library')).toBe('Что-то пошло не так.');
    setLang('en');
  });
  it('keeps Rust errors as they are and wraps anything else', () => {
    expect(asAppError({ code: 'not_found', message: 'x', details: null }).code).toBe('not_found');
    expect(asAppError('boom')).toEqual({ code: 'io', message: 'boom', details: null });
  });
});
