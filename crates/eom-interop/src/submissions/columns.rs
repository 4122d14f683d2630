//! What each column of a submissions CSV holds. ODK Central writes group paths with `-`
//! (`grp_secrecy-V05`, `meta-instanceID`), Kobo with `/` (`grp_secrecy/V05`, `_uuid`); both may
//! add one 0/1 column per option of a multiple choice (`V07/ballots`), which is left out: the
//! answer is the column of space-separated values.

use eom_core::templates::{AnswerType, Template};

use crate::xlsform::VOTES_SEPARATOR;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Station,
    Team,
    Arrival,
    Departure,
    /// `start`: when the phone opened the form (gives the visit's day).
    Start,
    /// Central's `KEY` (the submission's first instanceID, kept through edits).
    Key,
    /// `meta-instanceID` (Central), `meta/instanceID`, `instanceID`.
    InstanceId,
    /// Kobo's `_uuid` (the instanceID without `uuid:`).
    Uuid,
    /// `SubmissionDate` (Central), `_submission_time` (Kobo).
    Submitted,
    /// Central's `FormVersion`: the form's `version`, the template's.
    FormVersion,
    /// The answer to a template question (its index).
    Question(usize),
    /// One candidate's votes of a candidate_votes question (its index, the candidate's number).
    Votes(usize, usize),
    Ignored,
}

/// The field names that identify the visit (`--station-field`, `--team-field`).
pub(crate) struct Fields<'a> {
    pub station: &'a str,
    pub team: &'a str,
}

/// The columns of the header row, in order.
pub(crate) fn classify(headers: &[String], t: &Template, fields: &Fields<'_>) -> Vec<Column> {
    headers
        .iter()
        .map(|h| column(h.trim(), t, fields))
        .collect()
}

fn column(h: &str, t: &Template, fields: &Fields<'_>) -> Column {
    let segments: Vec<&str> = h.split(['-', '/']).collect();
    let last = segments.last().copied().unwrap_or("");
    // Names are case-sensitive in XLSForm: `ARRIVAL` may be a question, `arrival` is the visit's.
    if last == fields.station {
        return Column::Station;
    }
    if last == fields.team {
        return Column::Team;
    }
    match last {
        "arrival" => return Column::Arrival,
        "departure" => return Column::Departure,
        "start" if segments.len() == 1 => return Column::Start,
        "KEY" if segments.len() == 1 => return Column::Key,
        "instanceID" => return Column::InstanceId,
        "_uuid" => return Column::Uuid,
        "SubmissionDate" | "_submission_time" => return Column::Submitted,
        "FormVersion" => return Column::FormVersion,
        _ => {}
    }
    // A 0/1 column of one option (`V07/ballots`), even where an option is named like a question.
    if let [.., parent, option] = segments.as_slice()
        && h.ends_with(&format!("/{option}"))
        && t.questions.iter().any(|q| {
            q.kind == AnswerType::MultipleChoice
                && q.code.eq_ignore_ascii_case(parent)
                && q.options
                    .iter()
                    .any(|o| o.value.eq_ignore_ascii_case(option))
        })
    {
        return Column::Ignored;
    }
    let code = last.to_ascii_uppercase();
    if let Some(i) = t.questions.iter().position(|q| q.code == code) {
        return Column::Question(i);
    }
    if let Some((q, n)) = code.rsplit_once(VOTES_SEPARATOR)
        && let Ok(n) = n.parse::<usize>()
        && n >= 1
        && let Some(i) = t
            .questions
            .iter()
            .position(|x| x.code == q && x.kind == AnswerType::CandidateVotes)
    {
        return Column::Votes(i, n);
    }
    Column::Ignored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_and_kobo_headers() {
        let t = eom_core::templates::builtin_for(eom_core::model::Phase::Voting).unwrap();
        let f = Fields {
            station: "station_code",
            team: "team_code",
        };
        let headers: Vec<String> = [
            "SubmissionDate",
            "start",
            "station_code",
            "grp_x-V05",
            "grp_x/V05",
            "meta-instanceID",
            "KEY",
            "_uuid",
            "_submission_time",
            "SubmitterName",
        ]
        .map(String::from)
        .into();
        let cols = classify(&headers, &t, &f);
        let v05 = t.questions.iter().position(|q| q.code == "V05").unwrap();
        assert_eq!(
            cols,
            [
                Column::Submitted,
                Column::Start,
                Column::Station,
                Column::Question(v05),
                Column::Question(v05),
                Column::InstanceId,
                Column::Key,
                Column::Uuid,
                Column::Submitted,
                Column::Ignored
            ]
        );
    }
}
