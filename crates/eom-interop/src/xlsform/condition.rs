//! What an expression of the subset means for a template: a `relevant` becomes a display
//! condition (`show_if`: one earlier question and the values that show), a `constraint` on an
//! integer its bounds (`min`, `max`); and the other way, the `relevant` and `constraint` a
//! template's conditions and bounds are written as, in the same subset, so an exported form reads
//! back to the same template.

use eom_core::templates::{AnswerType, Condition, NOT_OBSERVED, Question};

use super::expr::{Expr, Op};

/// One display condition: question `code` has one of `values` (a template's `show_if`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Atom {
    pub code: String,
    pub values: Vec<String>,
}

/// Finds the question a `${name}` refers to among the earlier ones, or says why not.
pub(crate) type Lookup<'a> = dyn Fn(&str) -> Result<&'a Question, String> + 'a;

/// A `relevant` as a conjunction of conditions (an `or` must be over one question).
pub(crate) fn relevant<'a>(e: &Expr, lookup: &Lookup<'a>) -> Result<Vec<Atom>, String> {
    match e {
        Expr::And(items) => {
            let mut all = Vec::new();
            for i in items {
                all.extend(relevant(i, lookup)?);
            }
            Ok(all)
        }
        Expr::Or(items) => {
            let mut union: Option<Atom> = None;
            for i in items {
                let mut part = relevant(i, lookup)?;
                reduce_same(&mut part)?;
                if part.len() != 1 {
                    return Err(OR_ACROSS.into());
                }
                let atom = part.remove(0);
                match &mut union {
                    None => union = Some(atom),
                    Some(u) if u.code == atom.code => {
                        for v in atom.values {
                            if !u.values.contains(&v) {
                                u.values.push(v);
                            }
                        }
                    }
                    Some(_) => return Err(OR_ACROSS.into()),
                }
            }
            Ok(union.into_iter().collect())
        }
        Expr::Selected(name, value) => {
            let q = lookup(name)?;
            if !matches!(
                q.kind,
                AnswerType::MultipleChoice | AnswerType::SingleChoice | AnswerType::YesNo
            ) {
                return Err(format!(
                    "selected() needs a choice question; `{name}` is not one"
                ));
            }
            check_value(q, name, value)?;
            Ok(vec![atom(q, vec![value.clone()])])
        }
        Expr::Cmp(l, op, r) => {
            let (name, op, other) = match (&**l, &**r) {
                (Expr::Ref(n), x) if !matches!(x, Expr::Ref(_)) => (n, *op, x),
                (x, Expr::Ref(n)) if !matches!(x, Expr::Ref(_)) => (n, op.flipped(), x),
                _ => {
                    return Err(
                        "only a question compared with a value is part of the subset".into(),
                    );
                }
            };
            let q = lookup(name)?;
            compare(q, name, op, other).map(|a| vec![a])
        }
        Expr::Ref(name) => Err(format!(
            "`${{{name}}}` alone (answered or not) is not part of the subset: compare it with a value"
        )),
        _ => Err("only conditions on earlier questions are part of the subset".into()),
    }
}

const OR_ACROSS: &str = "`or` of conditions on different questions is not part of the subset: a template's display condition names one earlier question";

fn atom(q: &Question, values: Vec<String>) -> Atom {
    Atom {
        code: q.code.clone(),
        values,
    }
}

/// The values a closed question can have (None: any).
fn closed_values(q: &Question) -> Option<Vec<&str>> {
    match q.kind {
        AnswerType::YesNo => Some(vec!["yes", "no", NOT_OBSERVED]),
        AnswerType::Assessment => Some(vec!["very_good", "good", "bad", "very_bad"]),
        AnswerType::SingleChoice | AnswerType::MultipleChoice => {
            let mut v: Vec<&str> = q.options.iter().map(|o| o.value.as_str()).collect();
            v.push(NOT_OBSERVED);
            Some(v)
        }
        _ => None,
    }
}

fn check_value(q: &Question, name: &str, value: &str) -> Result<(), String> {
    match closed_values(q) {
        Some(allowed) if !allowed.contains(&value) => Err(format!(
            "`{value}` is not one of the choices of `{name}` ({})",
            allowed.join(", ")
        )),
        _ => Ok(()),
    }
}

fn compare(q: &Question, name: &str, op: Op, other: &Expr) -> Result<Atom, String> {
    let value = match other {
        Expr::Str(s) => s.clone(),
        Expr::Int(n) => n.to_string(),
        _ => return Err("only a question compared with a value is part of the subset".into()),
    };
    if op == Op::Ne {
        return Err("`!=` is not part of the subset: it is also true while the question is unanswered, a template's display condition never is".into());
    }
    if q.kind == AnswerType::MultipleChoice {
        return Err(format!(
            "`${{{name}}} = …` on a multiple choice question is true only for exactly that selection: use selected(${{{name}}}, '{value}')"
        ));
    }
    if q.kind == AnswerType::Integer {
        let n: i64 = value
            .parse()
            .map_err(|_| format!("`{value}` is not a whole number, `{name}` is an integer"))?;
        let lo = q.min.unwrap_or(0);
        let (from, to) = match op {
            Op::Eq => (n, Some(n)),
            Op::Gt => (n + 1, q.max),
            Op::Ge => (n, q.max),
            Op::Lt => (lo, Some(n - 1)),
            Op::Le => (lo, Some(n)),
            Op::Ne => unreachable!("refused above"),
        };
        let Some(to) = to.map(|t| q.max.map_or(t, |m| t.min(m))) else {
            return Err(format!(
                "a template's display condition lists the values that show, and `{name}` has no maximum to list them up to (give it a constraint such as `. <= 100`)"
            ));
        };
        let from = from.max(lo);
        if to < from {
            return Err(format!("`{name}` can never be in this range"));
        }
        if to - from >= 1000 {
            return Err(format!(
                "{} values of `{name}` would have to be listed: a template's display condition lists the values that show",
                to - from + 1
            ));
        }
        return Ok(atom(q, (from..=to).map(|n| n.to_string()).collect()));
    }
    if op != Op::Eq {
        return Err(format!(
            "`<`, `>` compare integers only; `{name}` is not an integer question"
        ));
    }
    check_value(q, name, &value)?;
    Ok(atom(q, vec![value]))
}

/// Merges the conditions on the same question (their values intersected).
fn reduce_same(atoms: &mut Vec<Atom>) -> Result<(), String> {
    let mut merged: Vec<Atom> = Vec::new();
    for a in atoms.drain(..) {
        match merged.iter_mut().find(|m| m.code == a.code) {
            Some(m) => {
                m.values.retain(|v| a.values.contains(v));
                if m.values.is_empty() {
                    return Err(format!("the conditions on `{}` can never all hold", a.code));
                }
            }
            None => merged.push(a),
        }
    }
    *atoms = merged;
    Ok(())
}

/// The one display condition equivalent to a conjunction, if there is one: a condition on
/// question B implies one on A when B is itself shown only if A has one of those values (B's
/// chain of display conditions passes through A). `question` finds a question by code.
pub(crate) fn reduce<'a>(
    mut atoms: Vec<Atom>,
    question: &dyn Fn(&str) -> Option<&'a Question>,
) -> Result<Option<Condition>, String> {
    reduce_same(&mut atoms)?;
    let implies = |b: &Atom, a: &Atom| {
        let mut cur = question(&b.code).and_then(|q| q.show_if.as_ref());
        while let Some(c) = cur {
            if c.code == a.code && c.values.iter().all(|v| a.values.contains(v)) {
                return true;
            }
            cur = question(&c.code).and_then(|q| q.show_if.as_ref());
        }
        false
    };
    if atoms.len() <= 1 {
        return Ok(atoms.pop().map(to_condition));
    }
    match atoms
        .iter()
        .find(|b| atoms.iter().all(|a| a == *b || implies(b, a)))
    {
        Some(b) => Ok(Some(to_condition(b.clone()))),
        None => {
            let codes: Vec<&str> = atoms.iter().map(|a| a.code.as_str()).collect();
            Err(format!(
                "`and` of conditions on {} is not part of the subset: a template's display condition names one earlier question (an `and` is kept only when one condition already implies the others through the questions' own conditions)",
                codes.join(" and ")
            ))
        }
    }
}

fn to_condition(a: Atom) -> Condition {
    Condition {
        code: a.code,
        values: a.values,
    }
}

/// A `constraint` on an integer as its bounds (`min`, `max`; a minimum of 0 is the default).
pub(crate) fn bounds(e: &Expr) -> Result<(Option<i64>, Option<i64>), String> {
    let parts: Vec<&Expr> = match e {
        Expr::And(items) => items.iter().collect(),
        other => vec![other],
    };
    let (mut min, mut max): (Option<i64>, Option<i64>) = (None, None);
    for p in parts {
        let Expr::Cmp(l, op, r) = p else {
            return Err("only bounds such as `. >= 0 and . <= 100` are part of the subset".into());
        };
        let (op, n) = match (&**l, &**r) {
            (Expr::Dot, Expr::Int(n)) => (*op, *n),
            (Expr::Int(n), Expr::Dot) => (op.flipped(), *n),
            _ => {
                return Err(
                    "only bounds such as `. >= 0 and . <= 100` are part of the subset".into(),
                );
            }
        };
        let (lo, hi) = match op {
            Op::Eq => (Some(n), Some(n)),
            Op::Gt => (Some(n + 1), None),
            Op::Ge => (Some(n), None),
            Op::Lt => (None, Some(n - 1)),
            Op::Le => (None, Some(n)),
            Op::Ne => return Err("`!=` in a constraint is not part of the subset".into()),
        };
        min = lo.map_or(min, |lo| Some(min.map_or(lo, |m| m.max(lo))));
        max = hi.map_or(max, |hi| Some(max.map_or(hi, |m| m.min(hi))));
    }
    if min.is_some_and(|m| m < 0) || max.is_some_and(|m| m < 0) {
        return Err("a template's integers are 0 or more; this constraint allows or asks for negative numbers".into());
    }
    if let (Some(lo), Some(hi)) = (min, max)
        && hi < lo
    {
        return Err("no number satisfies this constraint".into());
    }
    Ok((min.filter(|&m| m != 0), max))
}

fn quoted(v: &str) -> String {
    if v.contains('\'') {
        format!("\"{v}\"")
    } else {
        format!("'{v}'")
    }
}

/// The `relevant` of a display condition on question `dep`.
pub(crate) fn write_relevant(c: &Condition, dep: &Question) -> String {
    let r = format!("${{{}}}", c.code);
    let parts: Vec<String> = match dep.kind {
        AnswerType::MultipleChoice => c
            .values
            .iter()
            .map(|v| format!("selected({r}, {})", quoted(v)))
            .collect(),
        AnswerType::Integer => {
            let mut ns: Vec<i64> = c.values.iter().filter_map(|v| v.parse().ok()).collect();
            ns.sort_unstable();
            ns.dedup();
            let mut parts = Vec::new();
            let mut i = 0;
            while i < ns.len() {
                let mut j = i;
                while j + 1 < ns.len() && ns[j + 1] == ns[j] + 1 {
                    j += 1;
                }
                if j - i >= 2 {
                    parts.push(format!("({r} >= {} and {r} <= {})", ns[i], ns[j]));
                } else {
                    parts.extend(ns[i..=j].iter().map(|n| format!("{r} = {n}")));
                }
                i = j + 1;
            }
            if let [one] = parts.as_slice() {
                return one.trim_start_matches('(').trim_end_matches(')').into();
            }
            parts
        }
        _ => c
            .values
            .iter()
            .map(|v| format!("{r} = {}", quoted(v)))
            .collect(),
    };
    parts.join(" or ")
}

/// The `constraint` of an integer question's bounds.
pub(crate) fn write_constraint(q: &Question) -> Option<String> {
    (q.kind == AnswerType::Integer).then(|| {
        let mut s = format!(". >= {}", q.min.unwrap_or(0));
        if let Some(max) = q.max {
            s.push_str(&format!(" and . <= {max}"));
        }
        s
    })
}

#[cfg(test)]
#[path = "condition_tests.rs"]
mod tests;
