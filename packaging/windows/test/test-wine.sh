#!/usr/bin/env bash
# `make test-windows`: the CLI's scenarios against the cross-built eom.exe under Debian's wine, in a
# new wine prefix (its own %APPDATA%), with the Linux build of the same sources beside it to compare
# what both write for the same records.
#
# usage: test-wine.sh EOM_EXE EOM_LINUX
#
# The stand-in bcryptprimitives.dll (processprng.c: wine 8 lacks ProcessPrng, which Rust's standard
# library needs) is built here and put beside the copy of eom.exe under test; the installer and the
# zip never carry it. Every check prints "ok" or "FAIL"; the last line counts them, and the script
# exits 1 when any failed.
set -uo pipefail

[ $# -eq 2 ] || { echo "usage: $0 EOM_EXE EOM_LINUX"; exit 2; }
exe=$(realpath "$1")
linux=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
for f in "$exe" "$linux"; do [ -x "$f" ] || [ -f "$f" ] || { echo "missing $f"; exit 2; }; done
for t in wine wineserver x86_64-w64-mingw32-gcc python3; do
  command -v $t >/dev/null || { echo "missing $t (make test-windows installs it)"; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/eom-wine.XXXXXX")
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko (their installers would want a download); the stand-in DLL beside eom.exe.
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n"
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC
# Nothing of the machine's own: no display, no database, and a throwaway home for both builds.
unset DISPLAY WAYLAND_DISPLAY EOM_DB EOM_PASSPHRASE_FILE EOM_KEY_DIR
export HOME="$work/home" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME"
cleanup() { wineserver -k >/dev/null 2>&1; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

bin="$work/bin"; t="$work/t"
mkdir -p "$bin" "$t"
cp "$exe" "$bin/eom.exe"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$bin/bcryptprimitives.dll" \
  "$here/processprng.c" "$here/processprng.def" -ladvapi32 || { echo "building the stand-in failed"; exit 2; }
x86_64-w64-mingw32-gcc -O2 -municode -s -o "$bin/hold.exe" "$here/hold.c" || { echo "building hold.exe failed"; exit 2; }
echo "wine prefix: $WINEPREFIX"
wine wineboot --init >"$work/wineboot.log" 2>&1; wineserver -w
user=$(id -un)
appdata_unix="$WINEPREFIX/drive_c/users/$user/AppData/Roaming"
appdata_win="C:\\users\\$user\\AppData\\Roaming"
[ -d "$appdata_unix" ] || { echo "wine prefix has no $appdata_unix"; cat "$work/wineboot.log"; exit 2; }

pass=0; fail=0
out="$work/out"; err="$work/err"; lout="$work/lout"; lerr="$work/lerr"
rc=0; lrc=0

# Windows path of a Linux path (wine's drive Z: is /): /tmp/a/b -> Z:\tmp\a\b
wp() { local p; p=$(realpath -m "$1"); printf 'Z:%s' "${p//\//\\}"; }
# eom.exe under wine, from the test folder; stdout, stderr and status in $out, $err, $rc.
W() { (cd "$t" && wine "$bin/eom.exe" "$@" >"$out" 2>"$err" </dev/null); rc=$?; }
# The Linux build on the same files.
L() { (cd "$t" && "$linux" "$@" >"$lout" 2>"$lerr" </dev/null); lrc=$?; }

ok() { pass=$((pass + 1)); echo "ok    $1"; }
bad() {
  fail=$((fail + 1)); echo "FAIL  $1"; shift
  for l in "$@"; do echo "      $l"; done
  echo "      eom.exe exit $rc; stdout: $(head -c 800 "$out")"
  echo "      stderr: $(head -c 800 "$err")"
}
# expect NAME CODE [out|err TEXT]... : the last W exited CODE and printed each TEXT.
expect() {
  local name=$1 code=$2; shift 2
  [ "$rc" = "$code" ] || { bad "$name" "expected exit $code"; return 1; }
  while [ $# -gt 0 ]; do
    local file=$work/$1 text=$2; shift 2
    grep -qF -- "$text" "$file" || { bad "$name" "expected in std$1: $text"; return 1; }
  done
  ok "$name"
}
# same NAME A B: two files (or folders) with the same bytes.
# An empty file compares as a failure: an output that never came proves nothing.
same() {
  if [ -f "$2" ] && [ ! -s "$2" ]; then bad "$1" "$2 is empty"; return 1; fi
  if [ ! -e "$2" ] || [ ! -e "$3" ]; then
    bad "$1" "missing: $( [ -e "$2" ] || echo "$2" ) $( [ -e "$3" ] || echo "$3" )" \
      "the Linux build's last exit $lrc, stderr: $(head -c 400 "$lerr")"
    return 1
  fi
  if diff -r "$2" "$3" >"$work/diff" 2>&1; then ok "$1"
  else bad "$1" "$2 and $3 differ:" "$(head -c 600 "$work/diff")"; fi
}
check() { # check NAME COMMAND...: a shell condition
  local name=$1; shift
  if "$@"; then ok "$name"; else bad "$name" "failed: $*"; fi
}

echo "== the build"
W --version; expect "eom.exe --version runs under wine" 0 out "eom "
L --version; check "the Linux build has the same version" cmp -s "$out" "$lout"

echo "== the default database under %APPDATA%"
W demo
expect "demo without --db writes the default database" 0 \
  out "loaded into $appdata_win\\org.eom-reporter.app\\mission.eom"
check "the file is %APPDATA%\\org.eom-reporter.app\\mission.eom" \
  test -s "$appdata_unix/org.eom-reporter.app/mission.eom"
check "the signing key is beside it" test -s "$appdata_unix/org.eom-reporter.app/signing-key.ed25519"
W status
expect "status names the default database" 0 \
  out "database:    $appdata_win\\org.eom-reporter.app\\mission.eom (not encrypted)"
(cd "$t" && EOM_DB="$(wp "$t/env.eom")" wine "$bin/eom.exe" --key-dir "$(wp "$t/k-env")" demo \
  >"$out" 2>"$err" </dev/null); rc=$?
expect "EOM_DB with a drive-letter path is used" 0 out "loaded into $(wp "$t/env.eom")"

echo "== a mission with a time zone, paths with backslashes and Cyrillic"
mkdir -p "$t/миссия"
mdb=$(wp "$t/миссия/наблюдение.eom")
W --db "$mdb" --key-dir "$(wp "$t/k-m")" init --name "Миссия наблюдения" --country AZ \
  --election "Parliamentary" --date 2024-02-07 --time-zone Asia/Baku --languages en,ru
expect "init in a Cyrillic folder and file, drive-letter path" 0 \
  out "created mission \"Миссия наблюдения\" in $mdb"
check "the database file has its Cyrillic name on disk" test -s "$t/миссия/наблюдение.eom"
W --db "$(wp "$t/zone.eom")" init --name x --country AZ --election e --date 2024-02-07 --time-zone Mars/Olympus
expect "an unknown time zone is refused" 2 err "\`Mars/Olympus\` is not an IANA time zone"
W --db "$(wp "$t/zone.eom")" init --name x --country AZ --election e --date 2024-13-01 --time-zone Asia/Baku
expect "an impossible date is refused" 2 err "invalid value '2024-13-01'"

echo "== a station list with BOM, CRLF and Cyrillic, in a Cyrillic file name"
printf '\xef\xbb\xbfcode,name,region,address\r\n001,Школа № 1,Баку,"ул. Низами, 5"\r\n002,Лицей,Гянджа,\r\n' \
  >"$t/станции.csv"
W --db "$mdb" --key-dir "$(wp "$t/k-m")" stations import "станции.csv"
expect "stations import of станции.csv" 0 out "станции.csv: 2 added, 0 updated, 0 unchanged"
W --db "$mdb" stations list --json
cp "$out" "$work/stations-win.json"
check "no carriage return nor BOM reached the names" bash -c \
  "! grep -q \$'\\r' '$work/stations-win.json' && ! grep -q \$'\\xef\\xbb\\xbf' '$work/stations-win.json' && grep -q '\"Школа № 1\"' '$work/stations-win.json'"
L --db "$t/linux-stations.eom" --key-dir "$t/lk-m" init --name x --country AZ --election e \
  --date 2024-02-07 --time-zone Asia/Baku
L --db "$t/linux-stations.eom" --key-dir "$t/lk-m" stations import "станции.csv"
L --db "$t/linux-stations.eom" stations list --json
# What was read from the file (ids, times and device ids are each database's own).
fields='import json,sys; print(json.dumps([[s["code"],s["name"],s["address"],s["admin_levels"]] for s in json.load(open(sys.argv[1]))], ensure_ascii=False))'
python3 -c "$fields" "$work/stations-win.json" >"$work/stations-win.fields" 2>&1
python3 -c "$fields" "$lout" >"$work/stations-linux.fields" 2>&1
same "the stations as Windows and Linux read them" "$work/stations-win.fields" "$work/stations-linux.fields"
check "with the address's comma inside quotes" grep -q '"ул. Низами, 5"' "$work/stations-win.fields"
printf 'code,name,registered_voters\r\n001,A,10\r\n002,B,many\r\n' >"$t/плохие.csv"
W --db "$mdb" --key-dir "$(wp "$t/k-m")" stations import "$(wp "$t/плохие.csv")"
expect "a bad CRLF line is named by its line and column" 3 \
  err "$(wp "$t/плохие.csv"): 1 invalid line(s), nothing was imported" \
  err "line 3, column \`registered_voters\`: \`many\` is not a whole number of voters"

echo "== the sample mission and its statistics"
sdb=$(wp "$t/sample.eom")
W --db "$sdb" --key-dir "$(wp "$t/k-s")" demo
expect "demo loads the sample mission" 0 out "221 records added, 0 already there"
W --db "$sdb" --key-dir "$(wp "$t/k-s")" demo
expect "loading it again changes nothing" 0 out "0 records added, 221 already there"
L --db "$t/linux.eom" --key-dir "$t/lk-s" demo
for args in "stats" "stats --json" "stats --phase voting --region Baku" "stats --json --team T01"; do
  W --db "$sdb" $args; cp "$out" "$work/w"
  L --db "$t/linux.eom" $args
  same "eom $args: Windows and Linux agree" "$work/w" "$lout"
done
W --db "$sdb" stats
expect "the statistics are the sample's" 0 out "stations visited 36 of 102 (35.3 %)" \
  out "voting                      18     19     2         1     40  3 (7.5 %)"

echo "== bundles: export, signatures, trust, import"
hq=$(wp "$t/hq.json")
W --db "$sdb" --key-dir "$(wp "$t/k-s")" export --format json --out "$hq"
expect "export a signed bundle" 0 out "$hq: bundle of \"Bilateral delegation — Azerbaijan 2024 (sample)\""
W verify "$hq"
expect "verify the bundle" 0 out "verdict: valid: the signature matches and the history is intact"
tdb=$(wp "$t/merged.eom")
W --db "$tdb" --key-dir "$(wp "$t/k-t")" import "$hq"
expect "a bundle from an unknown key is refused" 16 err "signed by an unknown key" err "nothing was imported"
W --db "$tdb" --key-dir "$(wp "$t/k-t")" keys trust "$hq" --name "HQ" --core
expect "trust the signer from the bundle" 0 out "as \"HQ\" for the core team"
W --db "$tdb" --key-dir "$(wp "$t/k-t")" import "$hq"
expect "import the trusted bundle" 0 out "imported bundle of" out "(enrolled: HQ, core team)"
W --db "$tdb" verify --db
expect "the merged history chain is intact" 0 out "history chain intact: 221 entries"
python3 - "$t/hq.json" "$t/altered.json" <<'EOF'
import sys
data = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(data.replace("Baku", "Bakü", 1))
EOF
W --db "$tdb" --key-dir "$(wp "$t/k-t")" import "$(wp "$t/altered.json")"
expect "an altered bundle is refused" 11 err "signature does not match: the file was altered after export"
echo hello >"$t/not-a-bundle.json"
W --db "$tdb" --key-dir "$(wp "$t/k-t")" import "$(wp "$t/not-a-bundle.json")"
expect "a file that is no bundle is refused" 3 err "not an EOM Reporter bundle"
L --db "$t/linux-merged.eom" --key-dir "$t/lk-t" keys trust "$t/hq.json" --name HQ --core
L --db "$t/linux-merged.eom" --key-dir "$t/lk-t" import "$t/hq.json"
check "the Linux build imports the bundle signed on Windows" test "$lrc" = 0
L --db "$t/linux.eom" --key-dir "$t/lk-s" export --format json --out "$t/linux.json"
W --db "$(wp "$t/from-linux.eom")" --key-dir "$(wp "$t/k-l")" keys trust "$(wp "$t/linux.json")" --name L --core
W --db "$(wp "$t/from-linux.eom")" --key-dir "$(wp "$t/k-l")" import "$(wp "$t/linux.json")"
expect "eom.exe imports the bundle signed on Linux" 0 out "imported bundle of"

echo "== encryption and passphrases"
cp "$t/sample.eom" "$t/secret.eom"
edb=$(wp "$t/secret.eom"); ek=$(wp "$t/k-e")
printf 'correct horse battery staple 42\r\n' >"$t/pass.txt"   # as Notepad writes it
printf 'wrong passphrase\r\n' >"$t/wrong.txt"
printf 'another good passphrase 2024\r\n' >"$t/new.txt"
W --db "$edb" --key-dir "$ek" db encrypt --new-passphrase-file "$(wp "$t/pass.txt")"
expect "encrypt the database" 0 out "$edb: now encrypted"
W --db "$edb" stats
expect "without the passphrase it is refused" 15 err "$edb is encrypted: give its passphrase to open it"
W --db "$edb" --passphrase-file "$(wp "$t/wrong.txt")" stats
expect "a wrong passphrase is refused" 14 err "the passphrase does not open this database"
W --db "$edb" --passphrase-file "$(wp "$t/missing.txt")" stats
expect "a missing passphrase file is named with its Windows path" 10 err "$(wp "$t/missing.txt")"
W --db "$edb" --passphrase-file "$(wp "$t/pass.txt")" stats; cp "$out" "$work/w"
W --db "$sdb" stats
same "the encrypted copy gives the same statistics" "$work/w" "$out"
L --db "$t/secret.eom" --passphrase-file "$t/pass.txt" stats
same "the Linux build opens the database encrypted on Windows" "$work/w" "$lout"
(cd "$t" && EOM_PASSPHRASE_FILE="$(wp "$t/pass.txt")" wine "$bin/eom.exe" --db "$edb" status \
  >"$out" 2>"$err" </dev/null); rc=$?
expect "EOM_PASSPHRASE_FILE with a Windows path" 0 out "(encrypted)"
W --db "$edb" --key-dir "$ek" --passphrase-file "$(wp "$t/pass.txt")" db rekey \
  --new-passphrase-file "$(wp "$t/new.txt")"
expect "change the passphrase" 0
W --db "$edb" --passphrase-file "$(wp "$t/pass.txt")" stats
expect "the old passphrase no longer opens it" 14
W --db "$edb" --passphrase-file "$(wp "$t/new.txt")" stats
expect "the new one does" 0

echo "== backups and restore"
W --db "$edb" --passphrase-file "$(wp "$t/new.txt")" backup now
expect "take a backup (a path with backslashes)" 0 out "$(wp "$t/backups")\\secret.eom."
W --db "$edb" backup list --json
id=$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); print([b["id"] for b in l if b["reason"]=="manual"][0])' "$out" 2>/dev/null)
check "the backup is listed" test -n "$id"
W --db "$edb" --key-dir "$ek" --passphrase-file "$(wp "$t/new.txt")" teams add T99 --area "after the backup"
expect "change something after the backup" 0
W --db "$edb" --passphrase-file "$(wp "$t/new.txt")" backup restore "$id"
expect "restore the backup over the database" 0 out "restored backup $id"
W --db "$edb" --passphrase-file "$(wp "$t/new.txt")" teams list
check "the change after the backup is gone" bash -c "[ $rc = 0 ] && ! grep -q T99 '$out'"
W --db "$edb" --passphrase-file "$(wp "$t/new.txt")" backup restore nosuch
expect "an unknown backup" 5 err "backup not found: nosuch"
W --db "$edb" backup list
check "the replaced database was kept as a backup" test "$(grep -c . "$out")" -ge 2

echo "== reports and exports, byte for byte as on Linux"
for spec in "pdf internal en" "pdf public ru" "html internal az" "html public en"; do
  set -- $spec
  name="report-$2-$3.$1"
  W --db "$sdb" export --format "$1" --edition "$2" --lang "$3" --out "$(wp "$t/win-$name")"
  expect "export $name" 0 out "$2 edition report ($3)"
  L --db "$t/sample.eom" export --format "$1" --edition "$2" --lang "$3" --out "$t/linux-$name"
  same "$name: the same bytes from the same database" "$t/win-$name" "$t/linux-$name"
  L --db "$t/linux.eom" export --format "$1" --edition "$2" --lang "$3" --out "$t/linux2-$name"
  same "$name: the same bytes as Linux's own sample database" "$t/win-$name" "$t/linux2-$name"
done
W --db "$sdb" export --format csv --out "$(wp "$t/csv-win")"
expect "export the analyst CSVs" 0 out "$(wp "$t/csv-win")\\incidents.csv"
L --db "$t/linux.eom" export --format csv --out "$t/csv-linux"
same "the analyst CSVs are Linux's" "$t/csv-win" "$t/csv-linux"
(cd "$t" && TZ=Pacific/Auckland wine "$bin/eom.exe" --db "$sdb" export --format csv \
  --out "$(wp "$t/csv-auckland")" >"$out" 2>"$err" </dev/null); rc=$?
same "the laptop's time zone changes nothing (times in the mission's zone)" "$t/csv-win" "$t/csv-auckland"
W --db "$sdb" export --format pdf --out "отчёт миссии.pdf"
expect "a report with a Cyrillic file name" 0 out "отчёт миссии.pdf: internal edition report (en)"
same "it is the same report" "$t/отчёт миссии.pdf" "$t/win-report-internal-en.pdf"
echo "an older report, longer than the new one will be; $(head -c 300000 /dev/zero | tr '\0' x)" \
  >"$t/replace.html"
W --db "$sdb" export --format html --edition public --lang en --out "$(wp "$t/replace.html")"
expect "export over an existing file" 0
same "the existing file is replaced whole" "$t/replace.html" "$t/win-report-public-en.html"
W --db "$sdb" export --format html --edition public --lang en --out "$(wp "$t/replace.html")"
expect "and replaced again" 0
# A report open in a viewer that does not share it for deletion (Windows' rename rules): the
# export fails, says so, and leaves the open file as it was; once closed, it is replaced.
echo "the report as the viewer shows it" >"$t/open.pdf"
(cd "$t" && wine "$bin/hold.exe" "$(wp "$t/open.pdf")" "$(wp "$t/held")" "$(wp "$t/release")" \
  >/dev/null 2>&1 </dev/null) &
holder=$!
for _ in $(seq 150); do [ -e "$t/held" ] && break; sleep 0.2; done
W --db "$sdb" export --format pdf --out "$(wp "$t/open.pdf")"
expect "export over a report held open elsewhere fails" 10 err "could not write $(wp "$t/open.pdf")"
check "the held report is untouched" grep -qx "the report as the viewer shows it" "$t/open.pdf"
touch "$t/release"; wait "$holder"
W --db "$sdb" export --format pdf --out "$(wp "$t/open.pdf")"
expect "once closed, the export replaces it" 0
same "with the report" "$t/open.pdf" "$t/win-report-internal-en.pdf"
W --db "$sdb" export --format pdf --out "$(wp "$t/no-such-folder/r.pdf")"
expect "a folder that does not exist" 10 err "could not write $(wp "$t/no-such-folder/r.pdf")"
check "no temporary file is left behind" bash -c "[ -z \"\$(ls -A '$t' | grep '^\\.tmp')\" ]"

echo "== bad inputs"
W --db "$sdb" --key-dir "$(wp "$t/k-s")" stations import "$(wp "$t/нет такого.csv")"
expect "a missing station list is named with its Windows path" 10 err "error: $(wp "$t/нет такого.csv"): "
W --db "$(wp "$t/empty.eom")" stats
expect "statistics before any mission" 6 err "no mission in this database yet"
W --db "$sdb" export --format docx --out x.docx
expect "an unknown export format" 2 err "invalid value 'docx'"
W --db "$sdb" --key-dir "$(wp "$t/k-s")" demo --visits 5
expect "a generated mission too small" 2 err "5"
printf 'code,name\n9001,Sch\0ol\n' >"$t/nul-byte.csv"
W --db "$sdb" --key-dir "$(wp "$t/k-s")" stations import "$(wp "$t/nul-byte.csv")"
expect "a station list with a NUL byte" 3 err "$(wp "$t/nul-byte.csv")"
W --db "$(wp "$t/миссия")" stats
expect "a folder given as the database" 10 err "$(wp "$t/миссия")"

echo "== a closed pipe"
gdb=$(wp "$t/generated.eom")
W --db "$gdb" --key-dir "$(wp "$t/k-g")" demo --visits 1000
expect "a generated mission (1000 visits)" 0
(cd "$t" && wine "$bin/eom.exe" --db "$gdb" stations list --json 2>"$err" </dev/null | head -c 10 >/dev/null
 echo "${PIPESTATUS[0]}" >"$work/pipe-rc")
rc=$(cat "$work/pipe-rc"); : >"$out"
check "eom stations list --json | head ends quietly with status 0" \
  bash -c "[ $rc = 0 ] && ! grep -q . '$err'"

echo "== two processes on one database at once (as the app and the CLI)"
cdb=$(wp "$t/shared.eom"); ck=$(wp "$t/k-c")
W --db "$cdb" --key-dir "$ck" demo
(
  for i in 1 2 3 4 5 6; do
    (cd "$t" && wine "$bin/eom.exe" --db "$cdb" --key-dir "$ck" teams add "T2$i" --area "writer $i" \
      >>"$work/writer.out" 2>>"$work/writer.err" </dev/null) || echo "teams add T2$i: $?" >>"$work/writer.fail"
  done
) &
writer=$!
readers_failed=0
for i in 1 2 3 4; do
  W --db "$cdb" stats --json; [ "$rc" = 0 ] || { readers_failed=1; cat "$err"; }
  W --db "$cdb" export --format pdf --out "$(wp "$t/shared-$i.pdf")"; [ "$rc" = 0 ] || { readers_failed=1; cat "$err"; }
done
wait "$writer"
check "the readers never failed while another process wrote" test "$readers_failed" = 0
check "the writer never failed while others read" test ! -s "$work/writer.fail"
W --db "$cdb" teams list
check "every write is there" bash -c "[ \$(grep -c '^T2[1-6]' '$out') = 6 ]"

echo
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
