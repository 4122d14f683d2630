//! Which readers an export is for: the report's and the workbook's two editions
//! (`docs/report.md`, "Editions"; `docs/interop.md`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// Everything, for the mission's core team.
    #[default]
    Internal,
    /// For publication: no observer names, incident persons involved or witnesses, photos, visit
    /// notes, review comments or attachment names.
    Public,
}

impl std::str::FromStr for Edition {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "internal" => Ok(Edition::Internal),
            "public" => Ok(Edition::Public),
            _ => Err(format!("`{s}` is not an edition: internal or public")),
        }
    }
}

impl std::fmt::Display for Edition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Edition::Internal => "internal",
            Edition::Public => "public",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_parse_and_print() {
        assert_eq!("Public".parse::<Edition>(), Ok(Edition::Public));
        assert_eq!(" internal ".parse::<Edition>(), Ok(Edition::Internal));
        assert!(
            "draft"
                .parse::<Edition>()
                .unwrap_err()
                .contains("internal or public")
        );
        assert_eq!(Edition::Public.to_string(), "public");
    }
}
