//! Signed bundles: a changed bundle is refused and changes nothing; unsigned bundles only when
//! allowed; the import says who signed and under which name this database trusts them.

mod common;

use std::path::{Path, PathBuf};

use base64::Engine;
use eom_core::bundle::read_public_key;
use eom_core::bundle::{ImportOptions, open_bundle};
use eom_core::keys::Keys;
use eom_core::{Enrolment, Error, ErrorCode};
use serde_json::{Value, json};

const ALTERED: &str = "signature does not match: the file was altered after export";

fn exported() -> (common::TempStore, PathBuf) {
    let mut t = common::sample_store();
    let out = t.file("T01.json");
    t.store
        .export_bundle(&out, Some("T01".into()), &t.keys)
        .unwrap();
    (t, out)
}

/// Tries to import `bytes`; the database must be unchanged afterwards, whatever happened.
fn import_bytes(
    t: &mut common::TempStore,
    name: &str,
    bytes: &[u8],
    options: ImportOptions,
) -> Result<eom_core::bundle::ImportReport, Error> {
    let path = t.file(name);
    std::fs::write(&path, bytes).unwrap();
    let before = common::dump(&t.path());
    let r = t.store.import_bundle_with(&path, options, &mut |_, _| {});
    if r.is_err() {
        assert_eq!(
            before,
            common::dump(&t.path()),
            "{name} changed the database"
        );
    }
    r
}

fn replace_last(text: &str, from: &str, to: &str) -> String {
    let i = text.rfind(from).unwrap();
    format!("{}{to}{}", &text[..i], &text[i + from.len()..])
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_signed_export_imports_and_says_who_signed() {
    let (a, out) = exported();
    let mut b = common::temp_store();
    let r = b
        .store
        .import_bundle_with(&out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let signer = r.signer.unwrap();
    assert_eq!(signer.fingerprint, a.keys.fingerprint());
    assert_eq!(signer.trusted_as, None);
    let opened = open_bundle(&out).unwrap();
    assert_eq!(opened.signer.unwrap().key, a.keys.public());
    assert_eq!(opened.bundle.format_version, 2);
}

#[test]
fn changed_content_is_refused_and_nothing_is_imported() {
    let (_a, out) = exported();
    let original = text(&out);
    let mut t = common::temp_store();
    // One answer changed, the kind of edit someone might make by hand.
    let changed = original.replacen("\"yes\"", "\"no\"", 1);
    assert_ne!(changed, original);
    for allow_unsigned in [false, true] {
        let err = import_bytes(
            &mut t,
            "changed.json",
            changed.as_bytes(),
            ImportOptions {
                allow_unsigned,
                ..common::TRUSTING
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::SignatureMismatch);
        let msg = err.to_string();
        assert!(
            msg.contains(ALTERED) && msg.contains("changed.json"),
            "{msg}"
        );
    }
    // Whitespace only: still other bytes than were signed.
    let spaced = original.replacen("\"visits\":[", "\"visits\": [", 1);
    let err = import_bytes(&mut t, "spaced.json", spaced.as_bytes(), Default::default());
    assert_eq!(err.unwrap_err().code(), ErrorCode::SignatureMismatch);
}

#[test]
fn a_changed_signature_is_refused() {
    let (_a, out) = exported();
    let v: Value = serde_json::from_str(&text(&out)).unwrap();
    let sig = v["signature"]["signature"].as_str().unwrap();
    let mut raw = base64::engine::general_purpose::STANDARD
        .decode(sig)
        .unwrap();
    raw[10] ^= 1;
    let flipped = base64::engine::general_purpose::STANDARD.encode(raw);
    let other = Keys::open(&tempfile::tempdir().unwrap().path().join("k")).unwrap();
    let later = "2024-02-09T10:00:00.000Z";
    let signed_at = v["signature"]["signed_at"].as_str().unwrap().to_string();
    let cases = [
        ("flipped-bit.json", text(&out).replacen(sig, &flipped, 1)),
        // The signing time in the signature block (the same time also appears in the content).
        (
            "other-time.json",
            replace_last(&text(&out), &signed_at, later),
        ),
        (
            "other-key.json",
            text(&out)
                .replacen(
                    v["signature"]["public_key"].as_str().unwrap(),
                    &other.public().public_key,
                    1,
                )
                .replacen(
                    v["signature"]["fingerprint"].as_str().unwrap(),
                    &other.public().fingerprint,
                    1,
                ),
        ),
    ];
    let mut t = common::temp_store();
    for (name, bytes) in cases {
        let err = import_bytes(&mut t, name, bytes.as_bytes(), Default::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::SignatureMismatch, "{name}: {err}");
        assert!(err.to_string().contains(ALTERED), "{name}: {err}");
    }
}

#[test]
fn unsigned_bundles_are_refused_unless_allowed() {
    let (_a, out) = exported();
    let v: Value = serde_json::from_str(&text(&out)).unwrap();
    // A format 1 file: the records at the top level.
    let mut v1 = v["content"].clone();
    v1["format_version"] = json!(1);
    // A format 2 envelope without a signature.
    let mut v2 = v.clone();
    v2["signature"] = Value::Null;
    let mut t = common::temp_store();
    for (name, doc) in [("v1.json", &v1), ("no-signature.json", &v2)] {
        let bytes = serde_json::to_vec(doc).unwrap();
        let err = import_bytes(&mut t, name, &bytes, Default::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Unsigned, "{name}: {err}");
        assert!(err.to_string().contains("--allow-unsigned"), "{err}");
    }
    let bytes = serde_json::to_vec(&v1).unwrap();
    let r = import_bytes(
        &mut t,
        "v1.json",
        &bytes,
        ImportOptions {
            allow_unsigned: true,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert!(r.applied && r.signer.is_none());
    assert_eq!(
        r.kinds.iter().find(|(k, _)| k == "visits").unwrap().1.added,
        42
    );
    // The records came without history: this database took them into its own chain.
    assert!(t.store.verify_history().unwrap().intact());
}

#[test]
fn the_trusted_name_is_shown_and_can_be_withdrawn() {
    let (a, out) = exported();
    let mut b = common::temp_store();
    let preview = |b: &mut common::TempStore| {
        b.store
            .preview_bundle_with(&out, common::TRUSTING)
            .unwrap()
            .signer
            .unwrap()
            .trusted_as
    };
    assert_eq!(preview(&mut b), None);

    // Trusted from the key file the signer exported.
    let key_file = a.file("a.pub.json");
    a.keys.export_public(&key_file).unwrap();
    let key = read_public_key(&key_file).unwrap();
    b.store.trust_key(&key, "Team 3", &Enrolment::Core).unwrap();
    assert_eq!(preview(&mut b).as_deref(), Some("Team 3"));
    // The bundle itself names its signer too.
    assert_eq!(read_public_key(&out).unwrap(), key);

    b.store.untrust(&a.keys.fingerprint()).unwrap();
    assert_eq!(preview(&mut b), None);
    // Read out on the phone, in capitals and without dashes.
    let spoken = a.keys.fingerprint().replace('-', "").to_uppercase();
    b.store
        .trust_fingerprint(&spoken, "Team 3 (phone)", &Enrolment::Core)
        .unwrap();
    assert_eq!(preview(&mut b).as_deref(), Some("Team 3 (phone)"));
    assert_eq!(b.store.trusted_keys().unwrap().len(), 1);

    let err = b.store.untrust("0000-0000-0000-0000").unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    let err = b
        .store
        .trust_fingerprint("12ab", "x", &Enrolment::Core)
        .unwrap_err();
    assert!(err.to_string().contains("32 hexadecimal digits"), "{err}");
    let err = b
        .store
        .trust_fingerprint(&spoken, "Team 9", &Enrolment::Team("T09".into()))
        .unwrap_err();
    assert!(err.to_string().contains("there is no team T09"), "{err}");
}

#[test]
fn verify_reports_signer_counts_and_history() {
    let (a, out) = exported();
    let mut b = common::temp_store();
    b.store
        .trust_key(&a.keys.public(), "Team 1", &Enrolment::Core)
        .unwrap();
    let v = b.store.verify_bundle(&out).unwrap();
    assert!(v.valid, "{v:?}");
    assert_eq!(v.signer.unwrap().trusted_as.as_deref(), Some("Team 1"));
    assert_eq!(v.summary.visits, 42);
    assert!(v.history.intact() && v.history.entries > 0);
    // Verifying changes nothing and needs no mission in the database.
    assert!(b.store.mission_opt().unwrap().is_none());
}
