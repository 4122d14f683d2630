#!/usr/bin/env python3
"""Writes countries.tsv (country code, name, time zones) from the tz database files that Debian's
tzdata installs: /usr/share/zoneinfo/iso3166.tab and zone.tab (both public domain)."""
countries = {}
for line in open('/usr/share/zoneinfo/iso3166.tab', encoding='utf-8'):
    if line.startswith('#') or not line.strip():
        continue
    cc, name = line.rstrip('\n').split('\t')[:2]
    countries[cc] = name
zones = {}
for line in open('/usr/share/zoneinfo/zone.tab', encoding='utf-8'):
    if line.startswith('#') or not line.strip():
        continue
    f = line.rstrip('\n').split('\t')
    zones.setdefault(f[0], []).append(f[2])
print("# Countries and their time zones, from the tz database's iso3166.tab and zone.tab (public domain).")
print('# Regenerate: python3 crates/eom-core/data/countries.py > crates/eom-core/data/countries.tsv')
print('# code<TAB>country<TAB>zones (comma separated)')
for cc in sorted(countries):
    print(f"{cc}\t{countries[cc]}\t{','.join(zones.get(cc, []))}")
