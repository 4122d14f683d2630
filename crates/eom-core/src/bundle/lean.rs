//! The bundle without its answers, for readers that need the records but not 1.6 million answer
//! values at once (the report of a 20,000-visit mission): each checklist's overall assessment comes
//! from its stored column, and the answers stream past one checklist at a time.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;
use uuid::Uuid;

use super::Bundle;
use crate::error::Result;
use crate::model::{Assessment, Checklist};
use crate::store::Store;
use crate::store::rows::{self, get_uuid};

impl Store {
    /// [`Store::bundle`] with every checklist's `answers` empty and no `edit_history`; read in one
    /// transaction like it. [`Store::for_each_checklist`] gives the answers, in the same order.
    pub fn bundle_without_answers(&self) -> Result<Bundle> {
        let snapshot = self.read_snapshot()?;
        let bundle = Bundle {
            checklists: rows::load_where(&self.conn, "ORDER BY seq")?,
            ..self.bundle_records(None, false)?
        };
        drop(snapshot);
        Ok(bundle)
    }

    /// Every checklist's overall assessment, as stored when it was written (live or not).
    pub fn checklist_assessments(&self) -> Result<HashMap<Uuid, Assessment>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, assessment FROM checklists WHERE assessment IS NOT NULL")?;
        let mut q = stmt.query([])?;
        let mut out = HashMap::new();
        while let Some(row) = q.next()? {
            let text: String = row.get(1)?;
            if let Ok(a) = text.parse() {
                out.insert(get_uuid(row, 0)?, a);
            }
        }
        Ok(out)
    }

    /// Calls `f` with every checklist, its answers included, in the bundle's order, one at a time:
    /// what [`Store::bundle`] would hold, without holding it all.
    pub fn for_each_checklist(&self, mut f: impl FnMut(&Checklist) -> Result<()>) -> Result<()> {
        let snapshot = self.read_snapshot()?;
        let mut checklists: Vec<Checklist> = rows::load_where(&self.conn, "ORDER BY seq")?;
        let seqs: Vec<i64> = {
            let mut stmt = self
                .conn
                .prepare("SELECT seq FROM checklists ORDER BY seq")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut stmt = self.conn.prepare(
            "SELECT checklist_seq, code, value FROM answers ORDER BY checklist_seq, code",
        )?;
        let mut q = stmt.query([])?;
        let mut next = q.next()?;
        for (c, seq) in checklists.iter_mut().zip(seqs) {
            let mut answers = BTreeMap::new();
            while let Some(row) = next {
                let at: i64 = row.get(0)?;
                if at > seq {
                    break;
                }
                if at == seq {
                    let value: String = row.get(2)?;
                    answers.insert(
                        row.get(1)?,
                        serde_json::from_str(&value).unwrap_or(Value::String(value)),
                    );
                }
                next = q.next()?;
            }
            c.answers = answers;
            f(c)?;
            c.answers = BTreeMap::new();
        }
        drop(snapshot);
        Ok(())
    }
}
