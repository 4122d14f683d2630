//! The review list as the library serves it: filtered, ordered, counted and paged in SQL, and the
//! same checklists and counts as the statistics.

mod common;

use eom_core::model::{Phase, ReviewStatus};
use eom_core::stats::StatsFilter;
use eom_core::{ReviewQuery, ReviewRow};

fn query(limit: u32) -> ReviewQuery {
    ReviewQuery {
        limit,
        ..Default::default()
    }
}

#[test]
fn the_review_list_counts_what_the_statistics_count() {
    let t = common::sample_store();
    let mut t = t;
    let stats = t.store.statistics(&StatsFilter::default()).unwrap();
    let page = t.store.review_rows(&query(100)).unwrap();
    assert_eq!(page.total, stats.data_quality.checklists_total);
    let negative: u64 = stats.assessments.values().map(|a| a.negative).sum();
    assert_eq!(page.negative, negative);
    assert_eq!(
        page.not_reviewed, page.total,
        "nothing reviewed in the sample"
    );
    assert_eq!(page.rows.len() as u64, page.total);

    // Ordered by team, arrival, then phase.
    let key = |r: &ReviewRow| (r.team.clone(), r.arrival_at, r.phase);
    let mut sorted = page.rows.clone();
    sorted.sort_by_key(|r| key(r));
    assert_eq!(
        page.rows.iter().map(key).collect::<Vec<_>>(),
        sorted.iter().map(key).collect::<Vec<_>>()
    );

    // Each filter keeps what it names, with counts of its own.
    let voting = t
        .store
        .review_rows(&ReviewQuery {
            phase: Some(Phase::Voting),
            ..query(100)
        })
        .unwrap();
    assert_eq!(voting.total, stats.coverage.checklists["voting"]);
    assert!(voting.rows.iter().all(|r| r.phase == Phase::Voting));
    let negative_only = t
        .store
        .review_rows(&ReviewQuery {
            negative_only: true,
            ..query(100)
        })
        .unwrap();
    assert_eq!(negative_only.total, negative);
    assert!(
        negative_only
            .rows
            .iter()
            .all(|r| r.assessment.is_some_and(|a| a.is_negative()))
    );
    let t03 = t
        .store
        .review_rows(&ReviewQuery {
            team: Some("t03".into()),
            region: None,
            ..query(100)
        })
        .unwrap();
    assert!(t03.total > 0 && t03.rows.iter().all(|r| r.team == "T03"));
    let commissions = t
        .store
        .review_rows(&ReviewQuery {
            search: "dec-".into(),
            ..query(100)
        })
        .unwrap();
    assert_eq!(commissions.total, 2);
    assert!(
        commissions
            .rows
            .iter()
            .all(|r| r.phase == Phase::Tabulation && r.station_name.contains("Commission"))
    );
    let literal = t
        .store
        .review_rows(&ReviewQuery {
            search: "%".into(),
            ..query(100)
        })
        .unwrap();
    assert_eq!(literal.total, 0, "a typed % is a character, not a wildcard");

    // Reviewing moves a checklist from "not reviewed" to its status.
    let first = page.rows[0].checklist_id;
    t.store
        .review_checklist(first, ReviewStatus::Flagged, "check the count")
        .unwrap();
    let flagged = t
        .store
        .review_rows(&ReviewQuery {
            review_status: Some(ReviewStatus::Flagged),
            ..query(100)
        })
        .unwrap();
    assert_eq!(flagged.total, 1);
    assert_eq!(flagged.rows[0].checklist_id, first);
    assert_eq!(
        t.store.review_rows(&query(1)).unwrap().not_reviewed,
        page.total - 1
    );
}

#[test]
fn pages_follow_each_other_and_are_capped() {
    let t = common::sample_store();
    let all = t.store.review_rows(&query(100)).unwrap().rows;
    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page = t
            .store
            .review_rows(&ReviewQuery { offset, ..query(7) })
            .unwrap();
        assert_eq!(page.offset, offset);
        if page.rows.is_empty() {
            break;
        }
        offset += page.rows.len() as u32;
        paged.extend(page.rows);
    }
    assert_eq!(paged, all);
    let big = t.store.review_rows(&query(100_000)).unwrap();
    assert!(big.rows.len() as u32 <= eom_core::MAX_REVIEW_PAGE);
}
