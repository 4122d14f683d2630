//! Women among the commission members present (SPEC 4.7): both figures from the same checklists,
//! those that recorded both, so that a draft with the members but not yet the women does not turn
//! "4 of 9" into "4 of 18".

use std::collections::{HashMap, HashSet};

use super::{StatsFilter, WomenStats, phase_ok};
use crate::error::Result;
use crate::templates::{QuestionRole, Template};

/// Adds the members present and the women among them, over the counted checklists (`included`,
/// or every live one) that answered both, shown, as whole numbers.
pub(super) fn add_members(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    templates: &HashMap<String, Template>,
    included: Option<&HashSet<i64>>,
    women: &mut WomenStats,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.seq, p.value, w.value FROM checklists c \
         JOIN answers p ON p.checklist_seq = c.seq AND p.code = ?2 AND p.shown = 1 \
         JOIN answers w ON w.checklist_seq = c.seq AND w.code = ?3 AND w.shown = 1 \
         WHERE c.template_id = ?1 AND c.deleted = 0",
    )?;
    for t in templates.values().filter(|t| phase_ok(filter, t.phase)) {
        let (Some(present), Some(among)) = (
            t.with_role(QuestionRole::MembersPresent),
            t.with_role(QuestionRole::MembersWomen),
        ) else {
            continue;
        };
        let mut q = stmt.query((&t.id, &present.code, &among.code))?;
        while let Some(r) = q.next()? {
            let seq: i64 = r.get(0)?;
            if included.is_some_and(|s| !s.contains(&seq)) {
                continue;
            }
            let number = |i: usize| -> Result<Option<u64>> {
                Ok(
                    serde_json::from_str::<serde_json::Value>(r.get_ref(i)?.as_str()?)
                        .ok()
                        .and_then(|v| v.as_u64()),
                )
            };
            if let (Some(p), Some(w)) = (number(1)?, number(2)?) {
                women.members_present += p;
                women.members_women += w;
            }
        }
    }
    Ok(())
}
