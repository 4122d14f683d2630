//! The checklist template reader: any text must be refused with an error or give a template whose
//! display conditions and problem answers can be evaluated, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(t) = eom_core::templates::Template::from_json(text) else {
        return;
    };
    let mut answers = eom_core::model::Answers::new();
    for q in &t.questions {
        for o in &q.options {
            answers.insert(q.code.clone(), serde_json::Value::String(o.value.clone()));
        }
        let _ = q.is_flagged();
        let _ = q.problem_in(&serde_json::json!("yes"));
    }
    let _ = t.shown_codes(&answers);
    let _ = serde_json::to_string(&t).expect("a parsed template serialises");
});
