#!/usr/bin/env python3
"""Check a bundle (eom export --format json) against docs/bundle.schema.json.

    python3 docs/check_bundle_schema.py SCHEMA BUNDLE              # exit 1 if BUNDLE is invalid
    python3 docs/check_bundle_schema.py SCHEMA BUNDLE --self-test  # also check that the schema
                                                                   # refuses broken copies of BUNDLE

Needs `pip install jsonschema` (4.18 or newer; Draft 2020-12). Besides the schema it checks what the
importer checks and a schema cannot express: ids unique per kind, attachment data matching its
sha256 and size, each template valid against docs/template.schema.json (when that file sits beside
SCHEMA), each checklist's answer codes belonging to its template when the template is in the bundle.
References that point outside the bundle are only reported as notes: the importer also accepts
records that are already in the target database.

--self-test applies mutations to a copy of BUNDLE (remove format_version, a visit's revision "x", an
unknown field on a station, a bad uuid in device_id, ...) and fails unless the schema refuses every
one; it also checks that well-formed additions (an attachment, a replaced version, a replaced version under the old member name `history`, a tombstone)
are accepted.
"""
import base64
import copy
import hashlib
import json
import os
import sys
import uuid

try:
    from jsonschema import Draft202012Validator, FormatChecker
except ImportError:  # pragma: no cover
    sys.exit("check_bundle_schema.py needs jsonschema: pip install jsonschema")

KINDS = ["observers", "teams", "stations", "visits", "checklists", "incidents", "attachments"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def schema_errors(validator, doc, limit=20):
    """Readable schema errors, at most `limit`."""
    out = []
    for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in e.absolute_path) or "(top level)"
        msg = e.message if len(e.message) < 300 else e.message[:300] + "..."
        out.append(f"{where}: {msg}")
        if len(out) >= limit:
            out.append("... (more errors left out)")
            break
    return out


def semantic_errors(bundle, template_validator):
    """Importer rules the schema cannot express. Returns (errors, notes)."""
    errors, notes = [], []
    if not isinstance(bundle, dict):
        return errors, notes
    ids = {}
    for kind in KINDS:
        seen = set()
        for r in bundle.get(kind) or []:
            if not isinstance(r, dict):
                continue
            rid = r.get("id")
            if rid in seen:
                errors.append(f"{kind}: id {rid} appears twice")
            seen.add(rid)
        ids[kind] = seen
    codes = {}
    for s in bundle.get("stations") or []:
        if isinstance(s, dict) and s.get("code") in codes:
            errors.append(f"stations: code {s.get('code')} is used by two stations")
        if isinstance(s, dict):
            codes[s.get("code")] = s.get("id")

    for a in bundle.get("attachments") or []:
        if not isinstance(a, dict) or not isinstance(a.get("data"), str):
            continue
        try:
            data = base64.b64decode(a["data"], validate=True)
        except ValueError:
            errors.append(f"attachment {a.get('id')}: data is not base64")
            continue
        if hashlib.sha256(data).hexdigest() != a.get("sha256") or len(data) != a.get("size"):
            errors.append(f"attachment {a.get('id')}: data does not match its sha256 or size")

    templates = {}
    for i, t in enumerate(bundle.get("templates") or []):
        if not isinstance(t, dict):
            continue
        templates[(t.get("id"), t.get("version"))] = t
        if template_validator is not None:
            for e in schema_errors(template_validator, t, limit=5):
                errors.append(f"templates/{i} ({t.get('id')} v{t.get('version')}) against template.schema.json: {e}")
    for c in bundle.get("checklists") or []:
        if not isinstance(c, dict):
            continue
        t = templates.get((c.get("template_id"), c.get("template_version")))
        if t is None:
            notes.append(f"checklist {c.get('id')}: template {c.get('template_id')} v{c.get('template_version')} is not in the bundle")
            continue
        known = {q.get("code") for q in t.get("questions") or [] if isinstance(q, dict)}
        for code in (c.get("answers") or {}):
            if code not in known:
                errors.append(f"checklist {c.get('id')}: answers question {code}, which template {t.get('id')} v{t.get('version')} does not have")

    def ref(what, rid, kind):
        if rid is not None and rid not in ids.get(kind, ()):
            notes.append(f"{what} refers to {kind[:-1]} {rid}, which is not in the bundle")

    for o in bundle.get("observers") or []:
        if isinstance(o, dict):
            ref(f"observer {o.get('id')}", o.get("team_id"), "teams")
    for v in bundle.get("visits") or []:
        if isinstance(v, dict):
            ref(f"visit {v.get('id')}", v.get("team_id"), "teams")
            ref(f"visit {v.get('id')}", v.get("station_id"), "stations")
    for c in bundle.get("checklists") or []:
        if isinstance(c, dict):
            ref(f"checklist {c.get('id')}", c.get("visit_id"), "visits")
    for i in bundle.get("incidents") or []:
        if isinstance(i, dict):
            ref(f"incident {i.get('id')}", i.get("visit_id"), "visits")
            ref(f"incident {i.get('id')}", i.get("team_id"), "teams")
            ref(f"incident {i.get('id')}", i.get("station_id"), "stations")
    for a in bundle.get("attachments") or []:
        if isinstance(a, dict) and a.get("owner_kind") in ("visit", "checklist", "incident"):
            ref(f"attachment {a.get('id')}", a.get("owner_id"), a["owner_kind"] + "s")
    return errors, notes


def check(validator, template_validator, bundle):
    """All errors of `bundle` (schema first), and notes."""
    errors = schema_errors(validator, bundle)
    # Format 2 is an envelope: the records are its `content` (the signature is checked by
    # `eom verify`, not here).
    records = bundle["content"] if isinstance(bundle, dict) and "content" in bundle else bundle
    sem, notes = semantic_errors(records, template_validator)
    return errors + sem, notes


# --- self-test ---------------------------------------------------------------------------------

def first(bundle, kind):
    items = bundle.get(kind) or []
    if not items:
        raise LookupError(f"the bundle has no {kind}: cannot build this mutation")
    return items[0]


def mut(fn):
    def apply(b):
        fn(b)
        return b
    return apply


MUST_FAIL = [
    ("format_version removed", mut(lambda b: b.pop("format_version"))),
    ("format_version 0", mut(lambda b: b.__setitem__("format_version", 0))),
    ("format_version \"1\" (a string)", mut(lambda b: b.__setitem__("format_version", "1"))),
    ("format is not eom-bundle", mut(lambda b: b.__setitem__("format", "other"))),
    ("stations array removed", mut(lambda b: b.pop("stations"))),
    ("unknown top-level field", mut(lambda b: b.__setitem__("extra", 1))),
    ("a visit's revision is \"x\"", mut(lambda b: first(b, "visits").__setitem__("revision", "x"))),
    ("a visit's revision is 0", mut(lambda b: first(b, "visits").__setitem__("revision", 0))),
    ("an unknown field on a station", mut(lambda b: first(b, "stations").__setitem__("colour", "blue"))),
    ("a bad uuid in a station's device_id", mut(lambda b: first(b, "stations").__setitem__("device_id", "not-a-uuid"))),
    ("an uppercase uuid in the mission's device_id",
     mut(lambda b: b["mission"].__setitem__("device_id", b["mission"]["device_id"].upper()))),
    ("exported_by.device is a bad uuid", mut(lambda b: b["exported_by"].__setitem__("device", "1234"))),
    ("a visit's updated_at without milliseconds",
     mut(lambda b: first(b, "visits").__setitem__("updated_at", "2024-02-07T08:00:00Z"))),
    ("a visit's arrival_at with an offset",
     mut(lambda b: first(b, "visits").__setitem__("arrival_at", "2024-02-07T08:00:00.000+04:00"))),
    ("a visit without departure_at (Option fields are written as null)",
     mut(lambda b: first(b, "visits").pop("departure_at"))),
    ("a visit's phase is \"lunch\"", mut(lambda b: first(b, "visits").__setitem__("phases", ["lunch"]))),
    ("a station's setting is \"suburban\"", mut(lambda b: first(b, "stations").__setitem__("setting", "suburban"))),
    ("a station's registered_voters is -1", mut(lambda b: first(b, "stations").__setitem__("registered_voters", -1))),
    ("a checklist's deleted is \"no\"", mut(lambda b: first(b, "checklists").__setitem__("deleted", "no"))),
    ("a checklist's answer code is lowercase", mut(lambda b: first(b, "checklists")["answers"].__setitem__("v01", "yes"))),
    ("an incident's severity is \"huge\"", mut(lambda b: first(b, "incidents").__setitem__("severity", "huge"))),
    ("an observer's role is \"boss\"", mut(lambda b: first(b, "observers").__setitem__("role", "boss"))),
    ("the mission's election_date is not a date", mut(lambda b: b["mission"].__setitem__("election_date", "7 Feb 2024"))),
    ("a template with an unknown question field",
     mut(lambda b: first(b, "templates")["questions"][0].__setitem__("colour", "red"))),
]


def sample_attachment(b):
    data = b"\x89PNG\r\n\x1a\n not really a picture"
    v = first(b, "visits")
    return {
        "id": str(uuid.uuid4()),
        "created_at": v["created_at"], "updated_at": v["updated_at"], "revision": 1,
        "device_id": v["device_id"], "deleted": False,
        "owner_kind": "visit", "owner_id": v["id"], "question_code": None,
        "file_name": "protocol.png", "media_type": "image/png",
        "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
        "data": base64.b64encode(data).decode("ascii"),
    }


def with_attachment(b):
    b["attachments"].append(sample_attachment(b))
    return b


def with_replaced_version(b, member="replaced_versions"):
    v = copy.deepcopy(first(b, "visits"))
    b.setdefault(member, []).append({
        "kind": "visit", "record_id": v["id"], "revision": v["revision"], "updated_at": v["updated_at"],
        "device_id": v["device_id"], "reason": "superseded", "content": v,
    })
    return b


def with_tombstone(b):
    s = first(b, "stations")
    s["deleted"] = True
    s["revision"] += 1
    return b


MUST_PASS = [
    ("an attachment", with_attachment),
    ("a replaced version", with_replaced_version),
    ("a replaced version under the old member name history",
     mut(lambda b: (b.pop("replaced_versions", None), with_replaced_version(b, "history")))),
    ("no replaced_versions field", mut(lambda b: b.pop("replaced_versions", None))),
    ("a tombstone", with_tombstone),
]

MUST_FAIL_SEMANTIC = [
    ("an attachment whose data does not match its sha256",
     mut(lambda b: with_attachment(b)["attachments"][-1].__setitem__("sha256", "0" * 64))),
    ("a replaced version whose content is not a visit",
     mut(lambda b: with_replaced_version(b)["replaced_versions"][-1]["content"].__setitem__("colour", "blue"))),
    ("an attachment whose data is not base64",
     mut(lambda b: with_attachment(b)["attachments"][-1].__setitem__("data", "not base64!"))),
    ("a visit id used twice", mut(lambda b: b["visits"].append(copy.deepcopy(first(b, "visits"))))),
]


def self_test(validator, template_validator, bundle):
    failures = 0
    for name, fn in MUST_PASS:
        errors, _ = check(validator, template_validator, fn(copy.deepcopy(bundle)))
        ok = not errors
        failures += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} accepted: {name}" + ("" if ok else f": {errors[:3]}"))
    for name, fn in MUST_FAIL + MUST_FAIL_SEMANTIC:
        try:
            mutated = fn(copy.deepcopy(bundle))
        except LookupError as e:
            print(f"  skip refused: {name} ({e})")
            continue
        errors, _ = check(validator, template_validator, mutated)
        ok = bool(errors)
        failures += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} refused: {name}" + (f" -- {errors[0]}" if ok else ""))
    return failures


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2 or any(a not in ("--self-test",) for a in argv if a.startswith("--")):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema_path, bundle_path = args
    schema = load(schema_path)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    template_validator = None
    tpath = os.path.join(os.path.dirname(os.path.abspath(schema_path)), "template.schema.json")
    if os.path.exists(tpath):
        tschema = load(tpath)
        Draft202012Validator.check_schema(tschema)
        template_validator = Draft202012Validator(tschema)
    try:
        bundle = load(bundle_path)
    except (OSError, ValueError) as e:
        print(f"{bundle_path}: cannot read JSON: {e}", file=sys.stderr)
        return 1

    errors, notes = check(validator, template_validator, bundle)
    for n in notes[:20]:
        print(f"note: {n}")
    if errors:
        print(f"{bundle_path}: INVALID ({len(errors)} problem(s))", file=sys.stderr)
        for e in errors:
            print(f"  {e}", file=sys.stderr)
        return 1
    if isinstance(bundle, dict) and "content" in bundle:
        bundle = bundle["content"]
    counts = ", ".join(f"{len(bundle.get(k) or [])} {k}" for k in ["templates"] + KINDS + ["replaced_versions"])
    print(f"{bundle_path}: valid against {os.path.basename(schema_path)} ({counts})")

    if "--self-test" in argv:
        print("self-test (mutated copies of the bundle):")
        failures = self_test(validator, template_validator, bundle)
        if failures:
            print(f"self-test: {failures} FAILED", file=sys.stderr)
            return 1
        print("self-test: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
