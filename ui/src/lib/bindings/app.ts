// Generated from the Rust types of the app shell (src-tauri) by its `cargo test`
// (src/bindings.rs). Do not edit: `make bindings` writes it.

import type { Annex, BackupReason, Edition, ErrorCode, Finding, FormIssue, LineError, Mission, Timestamp } from './types';

export type ErrorDetails = { "kind": "lines", lines: Array<LineError>, } | { "kind": "findings", findings: Array<Finding>, } | { "kind": "form_issues", issues: Array<FormIssue>, };

export type AppError = { code: ErrorCode, message: string, details: ErrorDetails | null, };

export type AppInfo = { db_path: string, mission: Mission | null, 
/**
 * Why the database could not be opened, if it could not.
 */
unopened_reason: AppError | null, 
/**
 * Languages the report can be typeset in.
 */
report_languages: Array<string>, 
/**
 * This installation's signing key (`ab12-cd34-…`), which signs every exported bundle; null
 * when the key folder cannot be read or written.
 */
key_fingerprint: string | null, 
/**
 * The same key in full (32 bytes, base64), for `eom keys trust` on another laptop.
 */
key_public: string | null, 
/**
 * Whether the database is encrypted (and the signing key sealed with its passphrase).
 */
encrypted: boolean, 
/**
 * The team of a laptop that joined with a kit (the default team of new visits and exports).
 */
laptop_team: string | null, };

export type Progress = { task: string, done: number, total: number, };

export type Written = { paths: Array<string>, };

export type ReportFormat = "pdf" | "html";

export type ReportRequest = { format: ReportFormat, edition: Edition, 
/**
 * `en`, `ru` or `az` (`AppInfo::report_languages`).
 */
lang: string, 
/**
 * One page of detail per visit (internal edition only).
 */
detail: boolean, 
/**
 * The annex; `null`: every visit up to 2,000 visits, one line per team above.
 */
annex: Annex | null, };

export type WorkbookRequest = { edition: Edition, 
/**
 * `en`, `ru` or `az`.
 */
lang: string, };

export type GeoJsonWritten = { paths: Array<string>, 
/**
 * Live stations (and commissions) in the station list.
 */
stations: number, 
/**
 * Of those, written as features (they have valid coordinates).
 */
features: number, 
/**
 * Of those, left out: no coordinates, only one, or one out of range.
 */
without_coordinates: number, };

export type BackupWithEncryption = { encrypted: boolean, 
/**
 * What `restore` takes: `20240207T030000.000Z-start`.
 */
id: string, taken_at: Timestamp, reason: BackupReason, 
/**
 * Size of the file in bytes.
 */
size: number, 
/**
 * Passed `quick_check` when it was written (a failed copy is listed but never restored).
 */
ok: boolean, path: string, };

export type Backups = { folder: string, backups: Array<BackupWithEncryption>, };
