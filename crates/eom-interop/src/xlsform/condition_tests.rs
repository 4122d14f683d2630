use eom_core::templates::{AnswerType, Choice, Labels, Question};

use super::*;
use crate::xlsform::expr::parse;

fn q(code: &str, kind: AnswerType) -> Question {
    let mut label = Labels::new();
    label.insert("en".into(), code.into());
    Question {
        code: code.into(),
        kind,
        label,
        help: None,
        section: None,
        required: false,
        show_if: None,
        problem: None,
        options: Vec::new(),
        min: None,
        max: None,
        protocol: None,
        role: None,
    }
}

fn questions() -> Vec<Question> {
    let mut pick = q("PICK", AnswerType::MultipleChoice);
    for v in ["ballots", "seals", "ink"] {
        pick.options.push(Choice {
            value: v.into(),
            label: Labels::new(),
            problem: false,
        });
    }
    let mut n = q("N", AnswerType::Integer);
    n.max = Some(10);
    let mut after = q("AFTER", AnswerType::YesNo);
    after.show_if = Some(Condition {
        code: "A".into(),
        values: vec!["no".into()],
    });
    vec![
        q("A", AnswerType::YesNo),
        q("B", AnswerType::YesNo),
        pick,
        n,
        q("FREE", AnswerType::Integer),
        after,
    ]
}

fn condition(text: &str) -> Result<Option<Condition>, String> {
    let qs = questions();
    let lookup = |n: &str| -> Result<&Question, String> {
        qs.iter()
            .find(|q| q.code.eq_ignore_ascii_case(n))
            .ok_or_else(|| format!("`{n}` is not an earlier question"))
    };
    let atoms = relevant(&parse(text)?, &lookup)?;
    reduce(atoms, &|c| qs.iter().find(|q| q.code == c))
}

fn shows(code: &str, values: &[&str]) -> Result<Option<Condition>, String> {
    Ok(Some(Condition {
        code: code.into(),
        values: values.iter().map(|v| v.to_string()).collect(),
    }))
}

#[test]
fn the_subset_becomes_display_conditions() {
    assert_eq!(condition("${a} = 'no'"), shows("A", &["no"]));
    assert_eq!(condition("'no'=${a}"), shows("A", &["no"]));
    assert_eq!(
        condition("${a} = 'no' or ${a} = \"not_observed\""),
        shows("A", &["no", "not_observed"])
    );
    assert_eq!(
        condition("selected(${pick}, 'seals')"),
        shows("PICK", &["seals"])
    );
    assert_eq!(
        condition("selected( ${pick} , 'seals') or (selected(${pick}, 'ink'))"),
        shows("PICK", &["seals", "ink"])
    );
    assert_eq!(condition("${n} > 7"), shows("N", &["8", "9", "10"]));
    assert_eq!(
        condition("${n} >= 2 and ${n} <= 3"),
        shows("N", &["2", "3"])
    );
    assert_eq!(condition("3 > ${n}"), shows("N", &["0", "1", "2"]));
    assert_eq!(condition("${free} = 4"), shows("FREE", &["4"]));
    // AFTER is shown only when A is no: the `and` adds nothing.
    assert_eq!(
        condition("${a} = 'no' and ${after} = 'yes'"),
        shows("AFTER", &["yes"])
    );
    assert_eq!(
        condition("(${a} = 'no' or ${a} = 'yes') and ${after} = 'yes'"),
        shows("AFTER", &["yes"])
    );
}

#[test]
fn everything_else_is_refused_with_the_reason() {
    let refused = |text: &str, why: &str| {
        let err = condition(text).unwrap_err();
        assert!(err.contains(why), "{text}: {err}");
    };
    refused(
        "count-selected(${pick}) > 2",
        "the function `count-selected()`",
    );
    refused(
        "${a} = 'no' or ${b} = 'no'",
        "`or` of conditions on different questions",
    );
    refused(
        "${a} = 'no' and ${b} = 'no'",
        "`and` of conditions on A and B",
    );
    refused("${a} != 'no'", "`!=`");
    refused("${a} = 'maybe'", "`maybe` is not one of the choices");
    refused("${pick} = 'ink'", "use selected(${pick}, 'ink')");
    refused("${free} > 3", "has no maximum");
    refused("${a} > 3", "compare integers only");
    refused("${n} + 1 > 3", "arithmetic");
    refused("${zz} = 'x'", "`zz` is not an earlier question");
    refused("${a}", "alone");
    refused("${n} > 2.5", "not a whole number");
    refused("${n} > 3 and ${n} < 2", "can never");
    refused("${a} = 'no", "not closed");
    refused("not(${a} = 'no')", "the function `not()`");
}

#[test]
fn constraints_become_bounds() {
    let b = |text: &str| bounds(&parse(text).unwrap());
    assert_eq!(b(". >= 0 and . <= 5000"), Ok((None, Some(5000))));
    assert_eq!(b(". > 2"), Ok((Some(3), None)));
    assert_eq!(b("10 >= ."), Ok((None, Some(10))));
    assert_eq!(b(". = 7"), Ok((Some(7), Some(7))));
    assert!(b(". >= -5").unwrap_err().contains("0 or more"));
    assert!(b(". > 5 or . < 2").unwrap_err().contains("bounds"));
    assert!(b(". <= ${x}").unwrap_err().contains("bounds"));
    assert!(
        parse("string-length(.) < 5")
            .unwrap_err()
            .contains("string-length")
    );
}

#[test]
fn written_expressions_read_back_the_same() {
    let qs = questions();
    let cases = [
        ("A", vec!["no", "not_observed"]),
        ("PICK", vec!["ballots", "ink"]),
        ("N", vec!["0", "2", "3", "4", "5", "9"]),
        ("N", vec!["1", "2", "3"]),
        ("N", vec!["4"]),
    ];
    for (code, values) in cases {
        let c = Condition {
            code: code.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        let text = write_relevant(&c, qs.iter().find(|q| q.code == code).unwrap());
        let mut back = condition(&text).unwrap().unwrap();
        back.values.sort();
        let mut want = c.values.clone();
        want.sort();
        assert_eq!((back.code, back.values), (c.code, want), "{text}");
    }
    assert_eq!(
        write_relevant(
            &Condition {
                code: "N".into(),
                values: vec!["2".into(), "3".into(), "4".into()]
            },
            &qs[3]
        ),
        "${N} >= 2 and ${N} <= 4"
    );
    let mut n = q("N", AnswerType::Integer);
    assert_eq!(write_constraint(&n).as_deref(), Some(". >= 0"));
    n.max = Some(12);
    n.min = Some(1);
    assert_eq!(write_constraint(&n).as_deref(), Some(". >= 1 and . <= 12"));
    assert_eq!(
        bounds(&parse(". >= 1 and . <= 12").unwrap()),
        Ok((Some(1), Some(12)))
    );
}
