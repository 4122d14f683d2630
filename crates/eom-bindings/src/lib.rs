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
//! The test below fails when the committed `types.ts` is not what this generates; `make bindings`
//! (`UPDATE_BINDINGS=1`) writes it.

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
        .add::<Condition>()
        .add::<Choice>()
        .add::<Question>()
        .add::<Finding>()
        .add::<eom_core::LineError>()
        .add::<eom_core::SavedAnswer>()
        .add::<eom_core::NewMission>()
        .add::<eom_core::NewObserver>()
        .add::<eom_core::NewVisit>()
        .add::<eom_core::VisitHeader>()
        .add::<eom_core::NewIncident>()
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
        .add::<eom_core::ExportStatus>()
        .add::<eom_core::zones::ZoneChoice>()
        .add::<eom_core::TeamDay>()
        .add::<eom_core::DayVisit>()
        .add::<eom_core::DayChecklist>()
        .add::<eom_core::ReviewQuery>()
        .add::<eom_core::ReviewRow>()
        .add::<eom_core::ReviewPage>()
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
        .add::<eom_interop::xlsform::Issue>();
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
            "{} is stale: run `make bindings` and commit it",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
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
}
