//! The desktop UI's TypeScript types, generated from the library crates' own types.
//!
//! Each type that crosses to the UI derives `ts_rs::TS` where it is defined, under its crate's
//! `ts` feature (`#[cfg_attr(feature = "ts", derive(ts_rs::TS))]`); ts-rs reads the same serde
//! attributes (renames, `flatten`, tags, `skip_serializing_if` with `default`) that shape the JSON,
//! so the declarations describe what the commands really send. [`library_types`] lists them in the
//! order of `ui/src/lib/bindings/types.ts`; the app shell declares its own few types (command
//! arguments and results, its error) in `app.ts` with the same [`Declarations`]
//! (`src-tauri/src/bindings.rs`), importing the rest from `types.ts`.
//!
//! The tests below fail when the committed `types.ts` is not what this generates (`make bindings`,
//! `UPDATE_BINDINGS=1`, writes it), and when real values of the sample mission serialize to JSON
//! whose members differ from what their declarations say.

use std::collections::BTreeSet;
use std::path::Path;

use ts_rs::{Config, TS, TypeVisitor};

/// The generated file of the library's types, relative to this crate.
pub const TYPES_TS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../ui/src/lib/bindings/types.ts"
);

/// TypeScript declarations being gathered into one file.
pub struct Declarations {
    cfg: Config,
    out: String,
    declared: BTreeSet<String>,
    referenced: BTreeSet<String>,
}

impl Declarations {
    /// `header` is written first, as `//` comment lines.
    pub fn new(header: &str) -> Self {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("// ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
        Declarations {
            // i64/u64 (revisions, sizes, line numbers) are JSON numbers well below 2^53.
            cfg: Config::new().with_large_int("number"),
            out,
            declared: BTreeSet::new(),
            referenced: BTreeSet::new(),
        }
    }

    /// Adds `export type T = …;` and notes the named types it refers to.
    pub fn add<T: TS + 'static>(&mut self) -> &mut Self {
        self.out.push_str("export ");
        self.out.push_str(&T::decl(&self.cfg));
        self.out.push_str("\n\n");
        self.declared.insert(T::ident(&self.cfg));
        struct Names<'a>(&'a Config, &'a mut BTreeSet<String>);
        impl TypeVisitor for Names<'_> {
            fn visit<U: TS + 'static + ?Sized>(&mut self) {
                if U::output_path().is_some() {
                    self.1.insert(U::ident(self.0));
                }
            }
        }
        T::visit_dependencies(&mut Names(&self.cfg, &mut self.referenced));
        self
    }

    /// Adds a line as it is (an import, a re-export).
    pub fn line(&mut self, line: &str) -> &mut Self {
        self.out.push_str(line);
        self.out.push_str("\n\n");
        self
    }

    /// The names declared so far.
    pub fn declared(&self) -> &BTreeSet<String> {
        &self.declared
    }

    /// Named types referred to but not declared here.
    pub fn undeclared(&self) -> Vec<String> {
        self.referenced
            .difference(&self.declared)
            .cloned()
            .collect()
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let mut s = self.out.trim_end().to_string();
        s.push('\n');
        s
    }
}

/// Every type of eom-core, eom-report and eom-interop that the UI receives or sends.
pub fn library_types() -> Declarations {
    use eom_core::bundle::{ImportBlock, ImportReport, KindCounts, SignerReport};
    use eom_core::model::*;
    use eom_core::stats::*;
    use eom_core::templates::Template;
    use eom_core::templates::{
        AnswerType, Choice, Condition, ProtocolRole, Question, QuestionRole,
    };
    use eom_core::validate::{Finding, FindingKind};

    let mut d = Declarations::new(
        "Generated from the Rust types of eom-core, eom-report and eom-interop (their `ts` feature)\n\
         by crates/eom-bindings. Do not edit: `make bindings` writes it, `cargo test` checks it.",
    );
    d.add::<Phase>()
        .add::<ObserverRole>()
        .add::<Setting>()
        .add::<StationKind>()
        .add::<StationType>()
        .add::<ReviewStatus>()
        .add::<IncidentLocation>()
        .add::<Severity>()
        .add::<IncidentSource>()
        .add::<FollowUp>()
        .add::<Assessment>()
        .add::<AttachmentOwner>()
        .add::<AnswerType>()
        .add::<ProtocolRole>()
        .add::<QuestionRole>()
        .add::<FindingKind>()
        .add::<eom_core::BackupReason>()
        .add::<eom_core::BackupInfo>()
        .add::<eom_core::time::Timestamp>()
        .add::<RecordMeta>()
        .add::<Mission>()
        .add::<Team>()
        .add::<Observer>()
        .add::<Station>()
        .add::<Visit>()
        .add::<Checklist>()
        .add::<Incident>()
        .add::<AdminLevel>()
        .add::<ObservationBreak>()
        .add::<Template>()
        .add::<eom_core::templates::AnswerValues>()
        .add::<Condition>()
        .add::<Choice>()
        .add::<Question>()
        .add::<Finding>()
        .add::<eom_core::LineError>()
        .add::<eom_core::SavedAnswer>()
        .add::<eom_core::ChecklistState>()
        .add::<eom_core::NewMission>()
        .add::<eom_core::NewObserver>()
        .add::<eom_core::NewVisit>()
        .add::<eom_core::VisitHeader>()
        .add::<eom_core::NewIncident>()
        .add::<eom_core::AttachmentInfo>()
        .add::<eom_core::stations_csv::StationsPreview>()
        .add::<eom_core::StationImportReport>()
        .add::<KindCounts>()
        .add::<eom_core::bundle::BundleSummary>()
        .add::<SignerReport>()
        .add::<ImportReport>()
        .add::<eom_core::bundle::UnauthorizedChange>()
        .add::<ImportBlock>()
        .add::<eom_core::Enrolment>()
        .add::<eom_core::KeyRole>()
        .add::<eom_core::bundle::KitKey>()
        .add::<eom_core::bundle::JoinReport>()
        .add::<eom_core::strength::PassphraseStrength>()
        .add::<eom_core::encryption::ConversionReport>()
        .add::<eom_core::ExportStatus>()
        .add::<eom_core::zones::ZoneChoice>()
        .add::<eom_core::TeamDay>()
        .add::<eom_core::DayVisit>()
        .add::<eom_core::DayChecklist>()
        .add::<eom_core::ReviewQuery>()
        .add::<eom_core::ReviewRow>()
        .add::<eom_core::ReviewPage>()
        .add::<eom_core::RosterQuery>()
        .add::<eom_core::RosterTeam>()
        .add::<eom_core::RosterObserver>()
        .add::<eom_core::RosterPage>()
        .add::<eom_core::edit_history::ChainBreak>()
        .add::<eom_core::TrustedKey>()
        .add::<StatsFilter>()
        .add::<Statistics>()
        .add::<Dashboard>()
        .add::<Coverage>()
        .add::<Tabulation>()
        .add::<CoverageGroup>()
        .add::<AssessmentCounts>()
        .add::<GroupAssessment>()
        .add::<ProblemRate>()
        .add::<eom_core::stats::Share>()
        .add::<TurnoutObservation>()
        .add::<TurnoutFlag>()
        .add::<ProtocolFailureRow>()
        .add::<IncidentStats>()
        .add::<WomenStats>()
        .add::<DataQuality>()
        .add::<eom_core::PointState>()
        .add::<eom_core::CoveragePoint>()
        .add::<eom_core::CoveragePoints>()
        .add::<eom_core::ErrorCode>()
        .add::<eom_core::Edition>()
        .add::<eom_report::Annex>()
        .add::<eom_interop::xlsform::Issue>()
        .add::<eom_interop::TemplateImport>();
    d
}

/// Compares `text` with the committed file at `path`; with `UPDATE_BINDINGS` set, writes it.
pub fn check_or_write(path: &str, text: &str) -> Result<(), String> {
    let path = Path::new(path);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    if have == text {
        Ok(())
    } else {
        Err(format!(
            "{} is stale: run `make bindings` (types.ts alone: `UPDATE_BINDINGS=1 cargo test -p eom-bindings`) and commit it",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use eom_core::Store;
    use eom_core::time::SystemClock;
    use serde::Serialize;

    use super::*;

    /// Fails when `ui/src/lib/bindings/types.ts` is not what the Rust types generate.
    #[test]
    fn typescript_bindings_are_fresh() {
        let d = library_types();
        assert_eq!(
            d.undeclared(),
            Vec::<String>::new(),
            "types referred to in types.ts but not declared: add them to library_types()"
        );
        if let Err(e) = check_or_write(TYPES_TS, &d.text()) {
            panic!("{e}");
        }
    }

    /// The object types a declaration allows (one, or the variants of a tagged union), each as
    /// its members with whether they may be left out (`name?:`).
    fn object_types(decl: &str) -> Vec<BTreeMap<String, bool>> {
        let mut text = decl.to_string();
        while let Some(start) = text.find("/**") {
            let end = text[start..]
                .find("*/")
                .map_or(text.len(), |e| start + e + 2);
            text.replace_range(start..end, "");
        }
        let body = text.split_once(" = ").expect("a declaration").1;
        let mut objects = Vec::new();
        let (mut depth, mut token) = (0, String::new());
        for c in body.chars() {
            match c {
                '{' | '[' | '<' | '(' => depth += 1,
                '}' | ']' | '>' | ')' => depth -= 1,
                _ => {}
            }
            match c {
                '{' if depth == 1 => {
                    objects.push(BTreeMap::new());
                    token.clear();
                }
                ':' if depth == 1 => {
                    let name = token.trim().trim_matches('"').to_string();
                    let members = objects.last_mut().expect("inside an object");
                    match name.strip_suffix('?') {
                        Some(n) => members.insert(n.to_string(), true),
                        None => members.insert(name, false),
                    };
                }
                ',' if depth == 1 => token.clear(),
                _ if depth == 1 => token.push(c),
                _ => {}
            }
        }
        objects
    }

    /// `value`'s JSON has exactly the members `T`'s declaration names (optional ones may be
    /// missing), or is one of the strings a string union lists.
    fn same_shape<T: TS + Serialize + 'static>(value: &T) {
        let cfg = Config::new().with_large_int("number");
        let decl = T::decl(&cfg);
        match serde_json::to_value(value).unwrap() {
            serde_json::Value::Object(json) => {
                let fits = |members: &BTreeMap<String, bool>| {
                    json.keys().all(|k| members.contains_key(k))
                        && members
                            .iter()
                            .all(|(n, optional)| *optional || json.contains_key(n))
                };
                assert!(
                    object_types(&decl).iter().any(fits),
                    "the JSON of {} does not have the members {decl} declares: {json:?}",
                    T::ident(&cfg)
                );
            }
            serde_json::Value::String(s) => {
                assert!(decl.contains(&format!("\"{s}\"")), "{s} is not in {decl}")
            }
            other => panic!("{} serializes as {other}", T::ident(&cfg)),
        }
    }

    /// The check itself: a declaration unlike the JSON fails it.
    #[test]
    fn a_declaration_unlike_the_json_fails() {
        #[derive(Serialize, TS)]
        struct Fine {
            a: u32,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            c: Option<u32>,
        }
        #[derive(Serialize, TS)]
        struct Renamed {
            #[ts(rename = "b")]
            a: u32,
        }
        #[derive(Serialize, TS)]
        struct Omitted {
            a: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            c: Option<u32>,
        }
        same_shape(&Fine { a: 1, c: None });
        assert!(std::panic::catch_unwind(|| same_shape(&Renamed { a: 1 })).is_err());
        assert!(std::panic::catch_unwind(|| same_shape(&Omitted { a: 1, c: None })).is_err());
    }

    /// The declarations say what the JSON holds: real values of the sample mission, serialized,
    /// have the members their types declare (ts-rs read the serde attributes as serde does).
    #[test]
    fn declarations_match_the_json_of_real_values() {
        let mut s = Store::open_in_memory(Arc::new(SystemClock)).unwrap();
        let report = eom_core::demo::load_sample(&mut s).unwrap();
        same_shape(&report);
        same_shape(&report.summary);
        same_shape(&s.mission().unwrap());
        s.teams().unwrap().iter().for_each(same_shape);
        s.observers().unwrap().iter().for_each(same_shape);
        let commissions = s.stations("DEC-", 5).unwrap();
        assert!(!commissions.is_empty(), "the sample has commissions");
        for st in s.stations("", 50).unwrap().iter().chain(&commissions) {
            same_shape(st);
            st.admin_levels.iter().for_each(same_shape);
        }
        same_shape(&eom_core::templates::AnswerValues::get());
        for t in s.templates().unwrap() {
            same_shape(&t);
            for q in &t.questions {
                same_shape(q);
                q.options.iter().for_each(same_shape);
                q.show_if.iter().for_each(same_shape);
            }
        }
        s.incidents().unwrap().iter().for_each(same_shape);
        let visits = s.visits(None).unwrap();
        for v in &visits {
            same_shape(v);
            v.breaks.iter().for_each(same_shape);
            for c in s.checklists_for_visit(v.meta.id).unwrap() {
                same_shape(&c);
                let state = s.checklist_state(c.meta.id).unwrap();
                same_shape(&state);
                state.findings.iter().for_each(same_shape);
            }
        }
        let draft = s.checklists_for_visit(visits[0].meta.id).unwrap()[0].clone();
        let code = draft.answers.keys().next().unwrap().clone();
        same_shape(&s.save_answer(draft.meta.id, &code, None).unwrap());
        same_shape(&eom_core::LineError {
            line: 3,
            column: None,
            message: "x".into(),
        });
        let (team, station, at) = (visits[0].team_id, visits[0].station_id, s.now());
        same_shape(&eom_core::NewVisit {
            team_id: team,
            station_id: station,
            arrival_at: at,
            phases: vec![],
            observer_ids: vec![],
            close_current_visit_at: None,
        });
        same_shape(&eom_core::VisitHeader {
            arrival_at: at,
            departure_at: None,
            breaks: vec![],
            phases: vec![],
            observer_ids: vec![],
            interpreter_used: None,
            voters_on_list: None,
            voters_voted_at_arrival: None,
            observed_unrestricted: None,
            notes: String::new(),
        });
        same_shape(&eom_core::NewObserver {
            name: "n".into(),
            nationality: String::new(),
            role: eom_core::model::ObserverRole::Observer,
            accreditation_number: String::new(),
            team_id: None,
        });
        same_shape(&eom_core::NewIncident {
            visit_id: None,
            team_id: None,
            station_id: None,
            occurred_at: at,
            location: eom_core::model::IncidentLocation::NotAtStation,
            category: "other".into(),
            severity: eom_core::model::Severity::Minor,
            source: eom_core::model::IncidentSource::Observed,
            description: "d".into(),
            persons: vec![],
            witnesses: String::new(),
            commission_informed: None,
            complaint_filed: None,
            follow_up: eom_core::model::FollowUp::NotNeeded,
        });
        let filter = eom_core::stats::StatsFilter::default();
        same_shape(&filter);
        let stats = s.statistics(&filter).unwrap();
        same_shape(&stats);
        same_shape(&stats.coverage);
        stats.coverage.by_region.iter().for_each(same_shape);
        same_shape(&stats.tabulation);
        stats.assessments.values().for_each(same_shape);
        stats
            .assessments_by_region
            .values()
            .flatten()
            .for_each(same_shape);
        stats.problems.iter().for_each(same_shape);
        stats.turnout.iter().for_each(same_shape);
        stats.turnout_flags.iter().for_each(same_shape);
        stats.protocol_failures.iter().for_each(same_shape);
        same_shape(&stats.incidents);
        same_shape(&stats.women);
        same_shape(&stats.data_quality);
        same_shape(&s.dashboard(&filter).unwrap());
        same_shape(&s.export_status().unwrap());
        same_shape(&s.coverage_points().unwrap());
        let query = eom_core::ReviewQuery {
            team: Some("T01".into()),
            region: None,
            phase: Some(eom_core::model::Phase::Voting),
            negative_only: false,
            review_status: None,
            search: String::new(),
            offset: 0,
            limit: 5,
        };
        same_shape(&query);
        let page = s.review_rows(&query).unwrap();
        assert!(!page.rows.is_empty());
        same_shape(&page);
        page.rows.iter().for_each(same_shape);
        let query = eom_core::RosterQuery {
            search: "t0".into(),
            limit: 5,
        };
        same_shape(&query);
        let roster = s.roster(&query).unwrap();
        assert!(!roster.teams.is_empty() && !roster.observers.is_empty());
        same_shape(&roster);
        roster.teams.iter().for_each(same_shape);
        roster.observers.iter().for_each(same_shape);
        for d in s.team_days().unwrap() {
            same_shape(&d);
            for v in s.team_day(d.team_id).unwrap() {
                same_shape(&v);
                v.checklists.iter().for_each(same_shape);
            }
        }
        eom_core::zones::zones(s.now())
            .iter()
            .take(5)
            .for_each(same_shape);
        same_shape(&eom_core::strength::passphrase_strength("password1", &[]));
        s.trust_fingerprint(
            "ab12-cd34-ef56-7890-1122-3344-5566-7788",
            "Team 3",
            &eom_core::Enrolment::Team("T03".into()),
        )
        .unwrap();
        s.trusted_keys().unwrap().iter().for_each(same_shape);
        same_shape(&eom_core::Enrolment::Core);
        same_shape(&eom_core::Enrolment::Team("T03".into()));
        same_shape(&eom_core::bundle::ImportBlock::HistoryBroken);
        same_shape(&eom_core::bundle::ImportBlock::Unauthorized { count: 2 });
        eom_core::BackupReason::ALL.iter().for_each(same_shape);
        same_shape(&eom_core::ErrorCode::Report);
        same_shape(&eom_core::Edition::Public);
        same_shape(&eom_report::Annex::Summary);
    }
}
