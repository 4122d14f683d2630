#!/usr/bin/env python3
"""Check the built-in checklist templates, and render docs/checklists.md from them.

    python3 docs/check_templates.py                 # check all built-in templates (exit 1 on failure)
    python3 docs/check_templates.py FILE.json ...   # check the given templates
    python3 docs/check_templates.py --markdown      # print docs/checklists.md to stdout

Checks: valid JSON; valid against docs/template.schema.json (needs `pip install jsonschema`;
skipped with a warning if it is missing); unique codes (built-ins: letter + two digits, the letter
fixed per template); every show_if names an EARLIER question whose type has values, with values
that question can take; a phase template has exactly one overall_assessment (the incident template
none) and its explanation is shown for bad/very_bad; every label object has "en" and "ru" and all
label objects of a template have the same languages; the incident template has no problem flags;
the file name matches the id; docs/checklists.md is up to date.
"""
import json
import os
import re
import sys

DOCS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DOCS)
TEMPLATES = os.path.join(ROOT, "crates", "eom-core", "templates")
SCHEMA = os.path.join(DOCS, "template.schema.json")
CHECKLISTS_MD = os.path.join(DOCS, "checklists.md")
ORDER = ["opening", "voting", "counting", "tabulation", "incident"]
PREFIX = {"opening": "O", "voting": "V", "counting": "C", "tabulation": "T", "incident": "I"}
YES_NO = ["yes", "no", "not_observed"]
ASSESSMENT = ["very_good", "good", "bad", "very_bad"]
REQUIRED_LANGS = ("en", "ru")


def values_of(q):
    """The values a question can take, or None if show_if cannot refer to it."""
    t = q.get("type")
    if t == "yes_no":
        return YES_NO
    if t == "assessment":
        return ASSESSMENT
    if t in ("single_choice", "multiple_choice"):
        return [o.get("value") for o in q.get("options", [])]
    return None


def label_objects(t):
    """(where, labels) for every label object in a template."""
    yield "title", t.get("title")
    for q in t.get("questions", []):
        c = q.get("code", "?")
        for key in ("label", "help", "section"):
            if key in q:
                yield f"{c}.{key}", q[key]
        for o in q.get("options", []):
            yield f"{c}.options[{o.get('value')}].label", o.get("label")


def check(path, schema_validator):
    errors = []
    err = errors.append
    try:
        with open(path, encoding="utf-8") as f:
            t = json.load(f)
    except (OSError, ValueError) as e:
        return [f"cannot read JSON: {e}"]

    if schema_validator is not None:
        for e in sorted(schema_validator.iter_errors(t), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            msg = e.message if len(e.message) <= 200 else e.message[:200] + "…"
            err(f"schema: {where}: {msg}")
    if not isinstance(t, dict) or not isinstance(t.get("questions"), list):
        err("no questions array")
        return errors

    tid = t.get("id")
    stem = os.path.splitext(os.path.basename(path))[0]
    if tid != stem:
        err(f"id {tid!r} does not match the file name {stem!r}")
    phase = t.get("phase")
    qs = [q for q in t["questions"] if isinstance(q, dict)]

    # codes
    seen = {}
    for i, q in enumerate(qs):
        c = q.get("code")
        if c in seen:
            err(f"{c}: duplicate code (questions {seen[c] + 1} and {i + 1})")
        seen.setdefault(c, i)
        if tid in PREFIX and not re.fullmatch(PREFIX[tid] + r"[0-9]{2}", str(c)):
            err(f"{c}: built-in {tid} codes are {PREFIX[tid]} + two digits")

    # show_if: earlier question, values it can take
    by_code = {}
    for q in qs:
        s = q.get("show_if")
        if s:
            target = by_code.get(s.get("code"))
            if target is None:
                where = "a later" if s.get("code") in seen else "no"
                err(f"{q.get('code')}: show_if refers to {where} question {s.get('code')!r}")
            else:
                allowed = values_of(target)
                if allowed is None:
                    err(f"{q.get('code')}: show_if on {target['code']} (type {target.get('type')}), which has no values to test")
                else:
                    for v in s.get("in", []):
                        if v not in allowed:
                            err(f"{q.get('code')}: show_if value {v!r} is not a value of {target['code']} {allowed}")
        by_code.setdefault(q.get("code"), q)

    # options
    for q in qs:
        vals = [o.get("value") for o in q.get("options", [])]
        dup = {v for v in vals if vals.count(v) > 1}
        if dup:
            err(f"{q.get('code')}: duplicate option values {sorted(dup)}")
        if "min" in q and "max" in q and q["min"] > q["max"]:
            err(f"{q.get('code')}: min > max")

    # roles
    def with_role(r):
        return [q for q in qs if q.get("role") == r]

    assess = with_role("overall_assessment")
    expl = with_role("assessment_explanation")
    if phase == "incident":
        if assess or expl:
            err("the incident template has no overall assessment")
    else:
        if len(assess) != 1:
            err(f"a phase template needs exactly one overall_assessment question, found {len(assess)}")
        if len(expl) > 1:
            err("more than one assessment_explanation question")
        if len(assess) == 1 and len(expl) == 1:
            s = expl[0].get("show_if") or {}
            if s.get("code") != assess[0].get("code") or sorted(s.get("in", [])) != ["bad", "very_bad"]:
                err(f"{expl[0].get('code')}: the explanation must be shown if {assess[0].get('code')} in [bad, very_bad]")
            if not expl[0].get("required"):
                err(f"{expl[0].get('code')}: the explanation must be required")
        if len(assess) == 1 and not assess[0].get("required"):
            err(f"{assess[0].get('code')}: the overall assessment must be required")
    for r in ("members_present", "members_women", "chair_woman"):
        if len(with_role(r)) > 1:
            err(f"more than one {r} question")
    protos = [q.get("protocol") for q in qs if q.get("protocol")]
    dup = {p for p in protos if protos.count(p) > 1}
    if dup:
        err(f"protocol roles used twice: {sorted(dup)}")

    # incident: no problem flags
    if tid == "incident":
        for q in qs:
            if "problem" in q or any(o.get("problem") for o in q.get("options", [])):
                err(f"{q.get('code')}: the incident template has no problem flags")

    # languages
    langs = None
    for where, lab in label_objects(t):
        if not isinstance(lab, dict):
            err(f"{where}: not a label object")
            continue
        for lang in REQUIRED_LANGS:
            if not str(lab.get(lang, "")).strip():
                err(f"{where}: missing {lang!r}")
        if langs is None:
            langs = set(lab)
        elif set(lab) != langs:
            err(f"{where}: languages {sorted(lab)} differ from the title's {sorted(langs)}")
    return errors


# ---------------------------------------------------------------- markdown
def md_escape(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def render_markdown(templates):
    out = [
        "# Built-in checklists",
        "",
        "Generated from `crates/eom-core/templates/*.json` by",
        "`python3 docs/check_templates.py --markdown > docs/checklists.md` — do not edit by hand.",
        "The format is described in [template-format.md](template-format.md).",
        "",
        "Columns: **Problem answer** is the answer counted as a problem in the statistics (for yes/no",
        "questions: `yes` or `no`; for choice questions: the problem options). **Shown if** names the",
        "earlier question and the answers that show this one. **Required** applies only while the",
        "question is shown. Yes/no questions can always also be answered `not_observed`.",
        "",
    ]
    for t in templates:
        title = t["title"]["en"]
        langs = ", ".join(sorted(t["title"]))
        flagged = sum(1 for q in t["questions"]
                      if "problem" in q or any(o.get("problem") for o in q.get("options", [])))
        out += [
            f"## {title} (`{t['id']}`, version {t['version']})",
            "",
            f"Phase `{t['phase']}`; {len(t['questions'])} questions, {flagged} flagged; languages: {langs}.",
            "",
            "| Code | Question | Type | Problem answer | Shown if | Required |",
            "|---|---|---|---|---|---|",
        ]
        section = None
        for q in t["questions"]:
            sec = (q.get("section") or {}).get("en")
            if sec and sec != section:
                out.append(f"| | **{md_escape(sec)}** | | | | |")
                section = sec
            typ = f"`{q['type']}`"
            opts = q.get("options", [])
            if opts:
                typ += ": " + ", ".join(f"`{o['value']}`" for o in opts)
            extras = []
            if "min" in q and "max" in q:
                extras.append(f"{q['min']}–{q['max']}")
            elif "min" in q:
                extras.append(f"≥ {q['min']}")
            elif "max" in q:
                extras.append(f"≤ {q['max']}")
            if q.get("protocol"):
                extras.append(f"protocol `{q['protocol']}`")
            if q.get("role"):
                extras.append(f"role `{q['role']}`")
            if extras:
                typ += " (" + "; ".join(extras) + ")"
            if "problem" in q:
                problem = f"`{q['problem']}`"
            else:
                problem = ", ".join(f"`{o['value']}`" for o in opts if o.get("problem")) or "—"
            s = q.get("show_if")
            shown = f"{s['code']} = " + " or ".join(f"`{v}`" for v in s["in"]) if s else "—"
            required = "yes" if q.get("required") else "no"
            out.append(f"| {q['code']} | {md_escape(q['label']['en'])} | {typ} | {problem} | {shown} | {required} |")
        out.append("")
    return "\n".join(out)


def builtin_paths():
    names = sorted(f for f in os.listdir(TEMPLATES) if f.endswith(".json"))
    key = lambda f: (ORDER.index(f[:-5]) if f[:-5] in ORDER else len(ORDER), f)
    return [os.path.join(TEMPLATES, f) for f in sorted(names, key=key)]


def main(argv):
    if argv[:1] == ["--markdown"]:
        templates = []
        for p in builtin_paths():
            with open(p, encoding="utf-8") as f:
                templates.append(json.load(f))
        sys.stdout.write(render_markdown(templates))
        return 0

    try:
        import jsonschema
        with open(SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
    except ImportError:
        print("warning: jsonschema not installed (pip install jsonschema); schema validation skipped",
              file=sys.stderr)
        validator = None

    paths = argv or builtin_paths()
    failed = False
    for p in paths:
        errors = check(p, validator)
        rel = os.path.relpath(p, ROOT)
        if errors:
            failed = True
            for e in errors:
                print(f"{rel}: {e}")
        else:
            print(f"{rel}: ok")

    if not argv and not failed:
        templates = []
        for p in paths:
            with open(p, encoding="utf-8") as f:
                templates.append(json.load(f))
        try:
            with open(CHECKLISTS_MD, encoding="utf-8") as f:
                current = f.read()
        except OSError:
            current = None
        if current != render_markdown(templates):
            failed = True
            print("docs/checklists.md is out of date: "
                  "python3 docs/check_templates.py --markdown > docs/checklists.md")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
