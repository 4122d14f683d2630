//! The TypeScript types of the shell's own commands, generated with ts-rs into
//! `ui/src/lib/bindings/app.ts`.
//!
//! Everything the library crates send or receive is declared where it is defined (their `ts`
//! feature) and generated into `types.ts` by `crates/eom-bindings`, whose test checks it in a
//! plain `cargo test`. What is left here are the few types of the shell itself (command arguments
//! and results, `AppError`); `app.ts` imports the library's types it refers to from `types.ts`.
//! The test below fails when the committed `app.ts` is stale; `make bindings` writes both files.

#[cfg(test)]
mod tests {
    use eom_bindings::{Declarations, check_or_write, library_types};

    use crate::commands::{AppInfo, Progress};
    use crate::error::{AppError, ErrorDetails};
    use crate::exchange::{GeoJsonWritten, ReportFormat, ReportRequest, WorkbookRequest, Written};
    use crate::safety::{BackupWithEncryption, Backups};

    const APP_TS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/bindings/app.ts");

    fn app_types() -> String {
        let mut d = Declarations::new(
            "Generated from the Rust types of the app shell (src-tauri) by its `cargo test`\n\
             (src/bindings.rs). Do not edit: `make bindings` writes it.",
        );
        d.add::<ErrorDetails>()
            .add::<AppError>()
            .add::<AppInfo>()
            .add::<Progress>()
            .add::<Written>()
            .add::<ReportFormat>()
            .add::<ReportRequest>()
            .add::<WorkbookRequest>()
            .add::<GeoJsonWritten>()
            .add::<BackupWithEncryption>()
            .add::<Backups>();
        let library = library_types();
        let imports = d.undeclared();
        let missing: Vec<&String> = imports
            .iter()
            .filter(|n| !library.declared().contains(*n))
            .collect();
        assert!(
            missing.is_empty(),
            "app.ts refers to types neither it nor types.ts declares: {missing:?}"
        );
        let text = d.text();
        let (header, body) = text.split_once("\n\n").unwrap();
        format!(
            "{header}\n\nimport type {{ {} }} from './types';\n\n{body}",
            imports.join(", ")
        )
    }

    /// Fails when `ui/src/lib/bindings/app.ts` is not what the shell's types generate.
    #[test]
    fn typescript_bindings_are_fresh() {
        if let Err(e) = check_or_write(APP_TS, &app_types()) {
            panic!("{e}");
        }
    }
}
