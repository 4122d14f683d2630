//! Blank paper forms (issue 14): every checklist template of the mission typeset as a form to fill
//! in by hand when the laptop cannot be used, and typed into the app afterwards.
//!
//! `forms_data` turns templates into what the layout (`templates/forms.typ`) draws: questions with
//! their codes and labels in the chosen language, grouped by section, the boxes to tick or write
//! figures in, and the skip instructions derived from the display conditions ("Answer only if V15
//! is Yes.", "If No or Not observed, go to V18."). `render_forms_pdf` typesets it with the report's
//! typst world. No clock: the PDF has no date, and the same templates give the same bytes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use eom_core::model::Phase;
use eom_core::templates::{AnswerType, NOT_OBSERVED, Question, QuestionRole, Template, label_in};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::ReportError;

/// The forms layout: a designer edits this file; it is compiled into the binary.
pub const FORMS_TEMPLATE: &str = include_str!("../templates/forms.typ");

/// The forms' own words: (key, English, Russian, Azerbaijani). Question and option labels come
/// from the templates.
// One line per word, so translators see the three languages side by side.
#[rustfmt::skip]
const WORDS: &[(&str, &str, &str, &str)] = &[
    ("document_title", "Blank observation forms", "Бланки анкет наблюдения", "Boş müşahidə formaları"),
    ("intro", "Fill in by hand when the laptop cannot be used and enter the answers into EOM Reporter later. Tick one box per question unless it says “tick all that apply”; write figures one digit per box, right-aligned, and times as hh:mm (24 hours).", "Заполняйте от руки, если ноутбук недоступен, и позже перенесите ответы в EOM Reporter. Отмечайте один вариант в каждом вопросе, если не указано «отметьте все подходящие»; цифры пишите по одной в клетке, выравнивая по правому краю, время — чч:мм (24 часа).", "Noutbukdan istifadə etmək mümkün olmadıqda əl ilə doldurun və cavabları sonra EOM Reporter-ə daxil edin. “Uyğun olanların hamısını işarələyin” yazılmayıbsa, hər sualda bir xananı işarələyin; rəqəmləri hər xanaya bir rəqəm olmaqla sağa yaslayın, vaxtı ss:dd (24 saat) kimi yazın."),
    ("station_code", "Polling station code", "Код участка", "Məntəqənin kodu"),
    ("station_name", "Polling station name", "Название участка", "Məntəqənin adı"),
    ("commission_code", "Commission code", "Код комиссии", "Komissiyanın kodu"),
    ("commission_name", "Commission name", "Название комиссии", "Komissiyanın adı"),
    ("station", "Station", "Участок", "Məntəqə"),
    ("commission", "Commission", "Комиссия", "Komissiya"),
    ("team", "Team", "Команда", "Komanda"),
    ("date", "Date", "Дата", "Tarix"),
    ("arrival", "Arrival", "Прибытие", "Gəliş"),
    ("departure", "Departure", "Отъезд", "Gediş"),
    ("observers", "Observers (names)", "Наблюдатели (имена)", "Müşahidəçilər (adları)"),
    ("interpreter", "Interpreter used", "Работал переводчик", "Tərcüməçidən istifadə olunub"),
    ("voters_on_list", "Voters on the list (as the commission told at arrival)", "Избирателей в списке (со слов комиссии при прибытии)", "Siyahıdakı seçicilər (gələndə komissiyanın bildirdiyi)"),
    ("voters_voted", "Voters who had voted at arrival", "Проголосовало на момент прибытия", "Gələndə səs vermiş seçicilər"),
    ("unrestricted", "Could the team observe without restriction?", "Могла ли команда наблюдать без ограничений?", "Komanda məhdudiyyətsiz müşahidə edə bildimi?"),
    ("yes", "Yes", "Да", "Bəli"),
    ("no", "No", "Нет", "Xeyr"),
    ("not_observed", "Not observed", "Не наблюдалось", "Müşahidə olunmayıb"),
    ("very_good", "Very good", "Очень хорошо", "Çox yaxşı"),
    ("good", "Good", "Хорошо", "Yaxşı"),
    ("bad", "Bad", "Плохо", "Pis"),
    ("very_bad", "Very bad", "Очень плохо", "Çox pis"),
    ("tick_one", "tick one", "отметьте один вариант", "birini işarələyin"),
    ("tick_all", "tick all that apply", "отметьте все подходящие", "uyğun olanların hamısını işarələyin"),
    ("hhmm", "hh:mm", "чч:мм", "ss:dd"),
    ("photo", "Take the photo and write its frame or file number:", "Сделайте фото и запишите номер кадра или файла:", "Şəkli çəkin və kadrın və ya faylın nömrəsini yazın:"),
    ("candidate", "Candidate or list", "Кандидат или список", "Namizəd və ya siyahı"),
    ("votes", "Votes", "Голоса", "Səslər"),
    ("only_if", "Answer only if {code} is {values}.", "Отвечайте, только если ответ на {code}: {values}.", "Yalnız {code} sualının cavabı {values} olduqda cavab verin."),
    ("only_if_ticked", "Answer only if {values} is ticked in {code}.", "Отвечайте, только если в {code} отмечено {values}.", "Yalnız {code} sualında {values} işarələndikdə cavab verin."),
    ("go_to", "If {values}, go to {code}.", "Если {values}, перейдите к {code}.", "{values} olduqda {code} sualına keçin."),
    ("go_end", "If {values}, skip the rest of this form.", "Если {values}, остальные вопросы анкеты пропустите.", "{values} olduqda formanın qalan suallarını buraxın."),
    ("or", "or", "или", "və ya"),
    ("open_quote", "“", "«", "“"),
    ("close_quote", "”", "»", "”"),
    ("version", "version", "версия", "versiya"),
    ("page", "Page", "Стр.", "Səh."),
];

/// The forms' words in `lang` (English for any other language).
fn words(lang: &str) -> BTreeMap<String, String> {
    crate::strings::in_language(WORDS, lang)
}

/// Everything `forms.typ` draws (`json("/data.json")`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormsData {
    pub lang: String,
    /// The forms' own words in `lang` (`t.tick_one`, `t.page` …).
    pub strings: BTreeMap<String, String>,
    /// The mission's name for the page header (empty: none printed).
    pub mission: String,
    /// The candidates or lists in ballot order, one row each in votes-per-candidate questions;
    /// without them the form has blank rows to write names in.
    pub candidates: Vec<String>,
    /// One form per template.
    pub forms: Vec<Form>,
}

/// One template as a paper form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Form {
    pub id: String,
    pub version: u32,
    pub phase: Phase,
    /// The template's title in `lang`.
    pub title: String,
    /// The header asks for a commission rather than a polling station (tabulation).
    pub commission: bool,
    /// The header also asks for the visit's figures: interpreter, voters on the list and who had
    /// voted at arrival, whether the team could observe without restriction (opening, voting,
    /// counting: the visit header the app asks for once per visit).
    pub visit: bool,
    pub sections: Vec<FormSection>,
}

/// Consecutive questions under one section heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormSection {
    /// Empty for questions without a section.
    pub title: String,
    pub questions: Vec<FormQuestion>,
}

/// One question as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormQuestion {
    pub code: String,
    /// The answer type (`yes_no`, `single_choice`, … as in the template format).
    pub kind: AnswerType,
    pub label: String,
    /// Guidance, printed small under the label.
    pub help: Option<String>,
    /// The labels of the boxes to tick (yes / no / not observed, the options, the assessment levels).
    pub boxes: Vec<String>,
    /// "tick one" or "tick all that apply" for questions with boxes.
    pub tick: Option<String>,
    /// Columns the boxes are laid out in (from the length of their labels).
    pub columns: u8,
    /// Integer questions: how many digit boxes.
    pub digits: u8,
    /// Text questions: how many lines to write on.
    pub lines: u8,
    /// "Answer only if V15 is Yes." for a question with a display condition.
    pub only_if: Option<String>,
    /// "If No or Not observed, go to V18." for a question whose answer hides the questions after it.
    pub go_to: Option<String>,
}

/// The forms of `templates` in `lang` (labels fall back to English, as in the app). The latest
/// version of each template id is used, in phase order (opening, voting, counting, tabulation,
/// incident, custom), then by id.
pub fn forms_data(templates: &[Template], lang: &str) -> FormsData {
    let t = words(lang);
    let mut latest: BTreeMap<&str, &Template> = BTreeMap::new();
    for tpl in templates {
        let newer = latest
            .get(tpl.id.as_str())
            .is_none_or(|have| have.version < tpl.version);
        if newer {
            latest.insert(tpl.id.as_str(), tpl);
        }
    }
    let mut chosen: Vec<&Template> = latest.into_values().collect();
    chosen.sort_by_key(|tpl| (phase_rank(tpl.phase), tpl.id.clone()));
    let forms = chosen.into_iter().map(|tpl| form(tpl, lang, &t)).collect();
    FormsData {
        lang: lang.to_string(),
        strings: t,
        mission: String::new(),
        candidates: Vec::new(),
        forms,
    }
}

/// [`forms_data`] for the mission in `store`: its templates (the latest version of each), its
/// name in the page header and its candidates in the votes-per-candidate table.
pub fn store_forms_data(store: &eom_core::Store, lang: &str) -> eom_core::Result<FormsData> {
    let mut data = forms_data(&store.templates()?, lang);
    if let Some(m) = store.mission_opt()? {
        data.mission = m.name;
        data.candidates = m.candidates;
    }
    Ok(data)
}

/// Typesets the forms as one PDF (A4, black and white, "Page X / N" per form).
pub fn render_forms_pdf(data: &FormsData) -> Result<Vec<u8>, ReportError> {
    render_forms_pdf_with(FORMS_TEMPLATE, data)
}

/// Typesets the forms with another layout (a designer's draft of `forms.typ`).
pub fn render_forms_pdf_with(template: &str, data: &FormsData) -> Result<Vec<u8>, ReportError> {
    // Serialising plain structs cannot fail.
    let json = serde_json::to_vec(data).map_err(|e| ReportError::Typeset(e.to_string()))?;
    // A stable document identifier from the data itself: the same forms give the same bytes.
    let digest = Sha256::digest(&json);
    let ident: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    crate::world::typeset_named("forms.typ", template, json, None, &ident)
}

/// Writes the mission's blank forms in `lang` to `path` atomically (a temporary file beside it,
/// then rename).
pub fn write_forms_pdf(
    store: &eom_core::Store,
    lang: &str,
    path: &Path,
) -> Result<(), ReportError> {
    write_forms_pdf_data(&store_forms_data(store, lang)?, path)
}

/// Typesets forms gathered beforehand into `path` atomically (the app gathers under the store's
/// lock and typesets after releasing it).
pub fn write_forms_pdf_data(data: &FormsData, path: &Path) -> Result<(), ReportError> {
    crate::write_atomically(path, &render_forms_pdf(data)?)
}

fn phase_rank(phase: Phase) -> u8 {
    match phase {
        Phase::Opening => 0,
        Phase::Voting => 1,
        Phase::Counting => 2,
        Phase::Tabulation => 3,
        Phase::Incident => 4,
        Phase::Custom => 5,
    }
}

fn form(tpl: &Template, lang: &str, t: &BTreeMap<String, String>) -> Form {
    let go_tos = skip_instructions(tpl, lang, t);
    let mut sections: Vec<FormSection> = Vec::new();
    for q in &tpl.questions {
        let title = q
            .section
            .as_ref()
            .map(|s| label_in(s, lang).to_string())
            .unwrap_or_default();
        let question = form_question(tpl, q, lang, t, go_tos.get(q.code.as_str()).cloned());
        match sections.last_mut() {
            Some(last) if last.title == title => last.questions.push(question),
            _ => sections.push(FormSection {
                title,
                questions: vec![question],
            }),
        }
    }
    Form {
        id: tpl.id.clone(),
        version: tpl.version,
        phase: tpl.phase,
        title: tpl.title(lang).to_string(),
        commission: tpl.phase == Phase::Tabulation,
        visit: matches!(tpl.phase, Phase::Opening | Phase::Voting | Phase::Counting),
        sections,
    }
}

fn word<'a>(t: &'a BTreeMap<String, String>, key: &'a str) -> &'a str {
    t.get(key).map(String::as_str).unwrap_or(key)
}

fn form_question(
    tpl: &Template,
    q: &Question,
    lang: &str,
    t: &BTreeMap<String, String>,
    go_to: Option<String>,
) -> FormQuestion {
    let option_labels = || {
        q.options
            .iter()
            .map(|o| label_in(&o.label, lang).to_string())
            .collect::<Vec<_>>()
    };
    let (boxes, tick) = match q.kind {
        AnswerType::YesNo => (
            ["yes", "no", NOT_OBSERVED]
                .iter()
                .map(|k| word(t, k).to_string())
                .collect(),
            None,
        ),
        AnswerType::Assessment => (
            ["very_good", "good", "bad", "very_bad"]
                .iter()
                .map(|k| word(t, k).to_string())
                .collect(),
            Some(word(t, "tick_one")),
        ),
        AnswerType::SingleChoice => {
            // As in the app, a single choice can also be answered "not observed".
            let mut labels = option_labels();
            labels.push(word(t, NOT_OBSERVED).to_string());
            (labels, Some(word(t, "tick_one")))
        }
        AnswerType::MultipleChoice => (option_labels(), Some(word(t, "tick_all"))),
        _ => (Vec::new(), None),
    };
    let longest = boxes.iter().map(|b| b.chars().count()).max().unwrap_or(0);
    let columns = match (q.kind, longest) {
        (AnswerType::YesNo, _) => 3,
        (_, 0..=18) => 4,
        (_, 19..=28) => 3,
        (_, 29..=48) => 2,
        _ => 1,
    };
    let digits = match (q.kind, q.max) {
        (AnswerType::Integer, Some(max)) if max > 0 => max.to_string().len().min(7) as u8,
        (AnswerType::Integer, _) => 5,
        (AnswerType::CandidateVotes, _) => 5,
        _ => 0,
    };
    // An explanation and the closing notes get a line more.
    let last = tpl.questions.last().is_some_and(|l| l.code == q.code);
    let lines = match q.kind {
        AnswerType::Text if last || q.role == Some(QuestionRole::AssessmentExplanation) => 4,
        AnswerType::Text => 3,
        _ => 0,
    };
    let only_if = q.show_if.as_ref().and_then(|c| {
        let dep = tpl.question(&c.code)?;
        let values = join_values(
            &c.values
                .iter()
                .map(|v| value_label(dep, v, lang, t))
                .collect::<Vec<_>>(),
            t,
        );
        let key = if dep.kind == AnswerType::MultipleChoice {
            "only_if_ticked"
        } else {
            "only_if"
        };
        Some(
            word(t, key)
                .replace("{code}", &c.code)
                .replace("{values}", &values),
        )
    });
    FormQuestion {
        code: q.code.clone(),
        kind: q.kind,
        label: q.label(lang).to_string(),
        help: q.help.as_ref().map(|h| label_in(h, lang).to_string()),
        boxes,
        tick: tick.map(str::to_string),
        columns,
        digits,
        lines,
        only_if,
        go_to,
    }
}

/// The values a question can take, where the set is closed (as `show_if` checks them).
fn closed_values(q: &Question) -> Option<Vec<&str>> {
    match q.kind {
        AnswerType::YesNo => Some(vec!["yes", "no", NOT_OBSERVED]),
        AnswerType::Assessment => Some(vec!["very_good", "good", "bad", "very_bad"]),
        AnswerType::SingleChoice => {
            let mut v: Vec<&str> = q.options.iter().map(|o| o.value.as_str()).collect();
            v.push(NOT_OBSERVED);
            Some(v)
        }
        _ => None,
    }
}

/// An answer value as the form prints it: the box's own word, option labels in quotes.
fn value_label(q: &Question, value: &str, lang: &str, t: &BTreeMap<String, String>) -> String {
    match q.kind {
        AnswerType::YesNo | AnswerType::Assessment => word(t, value).to_string(),
        AnswerType::SingleChoice | AnswerType::MultipleChoice if value == NOT_OBSERVED => {
            word(t, value).to_string()
        }
        AnswerType::SingleChoice | AnswerType::MultipleChoice => format!(
            "{}{}{}",
            word(t, "open_quote"),
            q.option_label(value, lang),
            word(t, "close_quote")
        ),
        _ => value.to_string(),
    }
}

/// "A", "A or B", "A, B or C".
fn join_values(values: &[String], t: &BTreeMap<String, String>) -> String {
    match values {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), word(t, "or")),
    }
}

/// "If No or Not observed, go to V18." per question code: for a question whose next questions
/// are shown only for some of its answers (directly or through one another), the answers that hide
/// all of them and the first question after them. Only for answers from a closed set (yes/no,
/// single choice, assessment): a multiple choice or a figure has no "if X" that skips cleanly,
/// and its dependents carry their "Answer only if" anyway.
fn skip_instructions(
    tpl: &Template,
    lang: &str,
    t: &BTreeMap<String, String>,
) -> HashMap<String, String> {
    // For each question, the questions it depends on, directly or through others. Conditions
    // refer to earlier questions only (`Template::check`), so one pass in order is enough.
    let mut ancestors: HashMap<&str, Vec<&str>> = HashMap::new();
    for q in &tpl.questions {
        let mut up = Vec::new();
        if let Some(c) = &q.show_if {
            up.push(c.code.as_str());
            up.extend(
                ancestors
                    .get(c.code.as_str())
                    .into_iter()
                    .flatten()
                    .copied(),
            );
        }
        ancestors.insert(q.code.as_str(), up);
    }
    let mut out = HashMap::new();
    for (i, d) in tpl.questions.iter().enumerate() {
        let Some(domain) = closed_values(d) else {
            continue;
        };
        let run: Vec<&Question> = tpl.questions[i + 1..]
            .iter()
            .take_while(|q| ancestors[q.code.as_str()].contains(&d.code.as_str()))
            .collect();
        if run.is_empty() {
            continue;
        }
        // Questions deeper in the chain are shown only when their parent is: the direct
        // dependents alone decide which answers show something.
        let showing: Vec<&str> = run
            .iter()
            .filter_map(|q| q.show_if.as_ref())
            .filter(|c| c.code == d.code)
            .flat_map(|c| c.values.iter().map(String::as_str))
            .collect();
        let skipping: Vec<String> = domain
            .iter()
            .filter(|v| !showing.contains(v))
            .map(|v| value_label(d, v, lang, t))
            .collect();
        if skipping.is_empty() {
            continue;
        }
        let values = join_values(&skipping, t);
        let text = match tpl.questions.get(i + 1 + run.len()) {
            Some(next) => word(t, "go_to")
                .replace("{values}", &values)
                .replace("{code}", &next.code),
            None => word(t, "go_end").replace("{values}", &values),
        };
        out.insert(d.code.clone(), text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use eom_core::templates::builtin;

    fn question<'a>(data: &'a FormsData, code: &str) -> &'a FormQuestion {
        data.forms
            .iter()
            .flat_map(|f| &f.sections)
            .flat_map(|s| &s.questions)
            .find(|q| q.code == code)
            .expect("question")
    }

    #[test]
    fn every_language_has_every_word() {
        for (key, en, ru, az) in WORDS {
            assert!(!en.is_empty() && !ru.is_empty() && !az.is_empty(), "{key}");
        }
    }

    #[test]
    fn skip_instructions_come_from_the_conditions() {
        let data = forms_data(&builtin(), "en");
        let ids: Vec<&str> = data.forms.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            ["opening", "voting", "counting", "tabulation", "incident"]
        );
        // V16 and V17 are shown if V15 is yes; V18 is not conditional.
        assert_eq!(
            question(&data, "V15").go_to.as_deref(),
            Some("If No or Not observed, go to V18.")
        );
        assert_eq!(
            question(&data, "V16").only_if.as_deref(),
            Some("Answer only if V15 is Yes.")
        );
        assert_eq!(question(&data, "V16").go_to, None);
        // An assessment: the explanation is for bad or very bad only.
        assert_eq!(
            question(&data, "V99").go_to.as_deref(),
            Some("If Very good or Good, go to V36.")
        );
        assert_eq!(
            question(&data, "V35").only_if.as_deref(),
            Some("Answer only if V99 is Bad or Very bad.")
        );
        // A single choice: option labels are quoted.
        let i02 = question(&data, "I02").go_to.as_deref().unwrap();
        assert!(i02.starts_with("If “"), "{i02}");
        assert!(i02.ends_with(" or Not observed, go to I04."), "{i02}");
        // A multiple choice's dependents say which option must be ticked.
        let multi = Template::from_json(
            &serde_json::json!({
                "id": "m", "version": 1, "phase": "custom", "title": {"en": "M"},
                "questions": [
                    {"code": "A", "type": "multiple_choice", "label": {"en": "a"},
                     "options": [{"value": "x", "label": {"en": "Ex"}}, {"value": "y", "label": {"en": "Why"}}]},
                    {"code": "B", "type": "yes_no", "label": {"en": "b"}, "show_if": {"code": "A", "in": ["x"]}},
                    {"code": "C", "type": "text", "label": {"en": "c"}, "show_if": {"code": "B", "in": ["no"]}}
                ]
            })
            .to_string(),
        )
        .unwrap();
        let data = forms_data(&[multi], "en");
        assert_eq!(question(&data, "A").go_to, None);
        assert_eq!(
            question(&data, "B").only_if.as_deref(),
            Some("Answer only if “Ex” is ticked in A.")
        );
        assert_eq!(
            question(&data, "B").go_to.as_deref(),
            Some("If Yes or Not observed, skip the rest of this form.")
        );
    }

    #[test]
    fn the_latest_version_of_each_template_is_used() {
        let mut old = builtin().into_iter().find(|t| t.id == "voting").unwrap();
        let mut new = old.clone();
        new.version = 2;
        new.title.insert("en".into(), "Voting, revised".into());
        old.title.insert("en".into(), "Voting, old".into());
        let data = forms_data(&[new, old], "en");
        assert_eq!(data.forms.len(), 1);
        assert_eq!(data.forms[0].version, 2);
        assert_eq!(data.forms[0].title, "Voting, revised");
        assert_eq!(forms_data(&[], "az").strings["yes"], "Bəli");
    }
}
