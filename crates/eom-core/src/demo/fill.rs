//! The records' parts that every generated record needs, shared by the mission (`mod.rs`) and the
//! tabulation visits (`tabulation.rs`): ids, metadata, and a checklist's answers as a team would
//! give them.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::model::*;
use crate::rng::XorShift;
use crate::templates::{self, AnswerType, ProtocolRole, QuestionRole, Template};
use crate::time::Timestamp;

/// A UUIDv7 at `at` whose random part comes from the generator, so ids repeat with the seed.
pub(super) fn new_id(rng: &mut XorShift, at: Timestamp) -> Uuid {
    let bytes = rng.next_u64().to_le_bytes();
    let more = rng.next_u64().to_le_bytes();
    let mut r = [0u8; 10];
    r[..8].copy_from_slice(&bytes);
    r[8..].copy_from_slice(&more[..2]);
    uuid::Builder::from_unix_timestamp_millis(at.millis() as u64, &r).into_uuid()
}

pub(super) fn meta(rng: &mut XorShift, at: Timestamp, device: Uuid) -> RecordMeta {
    RecordMeta {
        id: new_id(rng, at),
        created_at: at,
        updated_at: at,
        revision: 1,
        device_id: device,
        deleted: false,
    }
}

fn hhmm(h: f64) -> String {
    let m = (h * 60.0).round() as i64;
    format!("{:02}:{:02}", (m / 60).rem_euclid(24), m % 60)
}

/// Answers a checklist the way a team would: every shown question, mostly without problems.
pub(super) fn fill(
    t: &Template,
    rng: &mut XorShift,
    problem_rate: f64,
    registered: u32,
    candidates: &[String],
    arrive: f64,
) -> Answers {
    let mut a = Answers::new();
    let protocol = protocol_figures(rng, registered, candidates.len(), problem_rate);
    for q in &t.questions {
        if q.show_if.is_some() && !t.shown_codes(&a).contains(q.code.as_str()) {
            continue;
        }
        let value: Option<Value> = match (q.kind, q.role, q.protocol) {
            (_, _, Some(ProtocolRole::CandidateVotes)) => Some(Value::Object(
                candidates
                    .iter()
                    .cloned()
                    .zip(protocol.votes.iter().map(|v| json!(v)))
                    .collect(),
            )),
            (_, _, Some(role)) => Some(json!(protocol.get(role))),
            (_, Some(QuestionRole::MembersPresent), _) => Some(json!(7 + rng.below(4))),
            (_, Some(QuestionRole::MembersWomen), _) => Some(json!(2 + rng.below(4))),
            (AnswerType::Assessment, _, _) => {
                let r = rng.below(100);
                let bad = (problem_rate * 200.0) as u64;
                Some(json!(if r < bad / 4 {
                    "very_bad"
                } else if r < bad {
                    "bad"
                } else if r < 45 {
                    "very_good"
                } else {
                    "good"
                }))
            }
            (AnswerType::Text, Some(QuestionRole::AssessmentExplanation), _) => Some(json!(
                "Sample explanation: procedures were not followed and the commission did not reconcile the figures."
            )),
            (AnswerType::YesNo, _, _) => {
                let answer = if rng.chance(0.03) {
                    templates::NOT_OBSERVED.to_string()
                } else if let Some(p) = &q.problem {
                    if rng.chance(problem_rate) {
                        p.clone()
                    } else if p == "yes" {
                        "no".into()
                    } else {
                        "yes".into()
                    }
                } else if rng.chance(0.75) {
                    "yes".into()
                } else {
                    "no".into()
                };
                Some(json!(answer))
            }
            (AnswerType::SingleChoice, _, _) => {
                let good: Vec<&str> = q
                    .options
                    .iter()
                    .filter(|o| !o.problem)
                    .map(|o| o.value.as_str())
                    .collect();
                let bad: Vec<&str> = q
                    .options
                    .iter()
                    .filter(|o| o.problem)
                    .map(|o| o.value.as_str())
                    .collect();
                let pick = if !bad.is_empty() && rng.chance(problem_rate) {
                    bad[rng.below(bad.len() as u64) as usize]
                } else if good.is_empty() {
                    q.options[0].value.as_str()
                } else {
                    good[rng.below(good.len().min(2) as u64) as usize]
                };
                Some(json!(pick))
            }
            (AnswerType::MultipleChoice, _, _) if q.required => Some(json!([q.options[0].value])),
            (AnswerType::Integer, _, _) if q.required => Some(json!(rng.below(5))),
            (AnswerType::Time, _, _) => Some(json!(hhmm(arrive + 0.1))),
            (AnswerType::Text, _, _) if q.required => Some(json!("Sample note.")),
            _ => None,
        };
        if let Some(v) = value {
            a.insert(q.code.clone(), v);
        }
    }
    a
}

struct Protocol {
    list: u32,
    sig: u32,
    recv: u32,
    unused: u32,
    spoiled: u32,
    stationary: u32,
    mobile: u32,
    invalid: u32,
    valid: u32,
    votes: Vec<u32>,
}

impl Protocol {
    fn get(&self, r: ProtocolRole) -> u32 {
        use ProtocolRole::*;
        match r {
            VotersOnList => self.list,
            Signatures => self.sig,
            BallotsReceived => self.recv,
            BallotsUnused => self.unused,
            BallotsSpoiled => self.spoiled,
            BallotsStationary => self.stationary,
            BallotsMobile => self.mobile,
            BallotsInvalid => self.invalid,
            BallotsValid => self.valid,
            CandidateVotes => self.votes.iter().sum(),
        }
    }
}

fn protocol_figures(
    rng: &mut XorShift,
    registered: u32,
    candidates: usize,
    problem_rate: f64,
) -> Protocol {
    let list = registered;
    let sig = list * (40 + rng.below(35) as u32) / 100;
    let spoiled = rng.below(6) as u32;
    let recv = list + 10;
    let unused = recv - sig - spoiled;
    let mobile = rng.below(15) as u32;
    let stationary = sig - mobile;
    let invalid = sig * (1 + rng.below(3) as u32) / 100;
    let mut valid = sig - invalid;
    let mut votes = Vec::with_capacity(candidates);
    let mut left = valid;
    for i in 0..candidates {
        let v = if i + 1 == candidates {
            left
        } else {
            left * (30 + rng.below(50) as u32) / 100
        };
        votes.push(v);
        left -= v;
    }
    if rng.chance(problem_rate * 2.0) {
        valid += 7; // a reconciliation failure: valid + invalid no longer equals ballots found
    }
    Protocol {
        list,
        sig,
        recv,
        unused,
        spoiled,
        stationary,
        mobile,
        invalid,
        valid,
        votes,
    }
}
