//! Incidents the teams saw or were told about, and attachments.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Store;
use super::rows;
use crate::error::{Error, Result};
use crate::limits::{MAX_ATTACHMENT_BYTES, sniff_media_type};
use crate::model::*;
use crate::time::Timestamp;

/// An attachment without its bytes (`Store::attachment` has them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttachmentInfo {
    pub id: Uuid,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
}

impl From<&Attachment> for AttachmentInfo {
    fn from(a: &Attachment) -> Self {
        AttachmentInfo {
            id: a.meta.id,
            file_name: a.file_name.clone(),
            media_type: a.media_type.clone(),
            size: a.size,
            sha256: a.sha256.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewIncident {
    pub visit_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub station_id: Option<Uuid>,
    pub occurred_at: Timestamp,
    pub location: IncidentLocation,
    pub category: String,
    pub severity: Severity,
    pub source: IncidentSource,
    pub description: String,
    #[serde(default)]
    pub persons: Vec<String>,
    #[serde(default)]
    pub witnesses: String,
    pub commission_informed: Option<bool>,
    pub complaint_filed: Option<bool>,
    pub follow_up: FollowUp,
}

impl Store {
    /// The category values of the incident template (SPEC 3.5).
    pub fn incident_categories(&mut self) -> Result<Vec<String>> {
        let t = self.latest_template("incident")?;
        Ok(t.questions
            .iter()
            .find(|q| q.code == "I04")
            .map(|q| q.options.iter().map(|o| o.value.clone()).collect())
            .unwrap_or_default())
    }

    fn check_incident(&mut self, i: &Incident) -> Result<()> {
        let categories = self.incident_categories()?;
        if !categories.contains(&i.category) {
            return Err(Error::invalid(
                "category",
                format!(
                    "`{}` is not an incident category; expected one of: {}",
                    i.category,
                    categories.join(", ")
                ),
            ));
        }
        if i.description.trim().is_empty() {
            return Err(Error::invalid("description", "describe what happened"));
        }
        if let Some(v) = i.visit_id {
            self.require::<Visit>(v)?;
        }
        if let Some(s) = i.station_id {
            self.require::<Station>(s)?;
        }
        if let Some(t) = i.team_id {
            self.require::<Team>(t)?;
        }
        Ok(())
    }

    pub fn record_incident(&mut self, new: NewIncident) -> Result<Incident> {
        self.mission()?;
        let mut i = Incident {
            meta: self.new_meta(),
            visit_id: new.visit_id,
            team_id: new.team_id,
            station_id: new.station_id,
            occurred_at: new.occurred_at,
            location: new.location,
            category: new.category,
            severity: new.severity,
            source: new.source,
            description: new.description.trim().to_string(),
            persons: new.persons,
            witnesses: new.witnesses.trim().to_string(),
            commission_informed: new.commission_informed,
            complaint_filed: new.complaint_filed,
            follow_up: new.follow_up,
        };
        if i.location == IncidentLocation::ThisStation
            && i.station_id.is_none()
            && let Some(v) = i.visit_id
        {
            i.station_id = Some(self.require::<Visit>(v)?.station_id);
        }
        self.check_incident(&i)?;
        self.write(|tx| rows::save(tx, &i))?;
        Ok(i)
    }

    pub fn update_incident(&mut self, mut edited: Incident) -> Result<Incident> {
        let current: Incident = self.require(edited.meta.id)?;
        self.check_incident(&edited)?;
        edited.meta = current.meta;
        self.touch(&mut edited.meta);
        self.write(|tx| rows::save(tx, &edited))?;
        Ok(edited)
    }

    pub fn delete_incident(&mut self, id: Uuid) -> Result<()> {
        self.tombstone::<Incident>(id)
    }

    pub fn incidents(&self) -> Result<Vec<Incident>> {
        rows::load_where(&self.conn, "WHERE deleted = 0 ORDER BY occurred_at")
    }

    /// Stores a photo or scan as it is (never re-encoded), with its SHA-256. Its media type comes
    /// from its bytes ([`sniff_media_type`]), not from `file_name`: bytes of no known photo or scan
    /// type are refused, and so is anything above [`MAX_ATTACHMENT_BYTES`] (read a file with
    /// [`read_attachment`](crate::limits::read_attachment), which checks the size before reading).
    pub fn attach(
        &mut self,
        owner_kind: AttachmentOwner,
        owner_id: Uuid,
        question_code: Option<String>,
        file_name: &str,
        data: Vec<u8>,
    ) -> Result<Attachment> {
        if data.len() as u64 > MAX_ATTACHMENT_BYTES {
            return Err(Error::invalid(
                "attachment",
                format!(
                    "`{file_name}` is {} bytes, more than the {MAX_ATTACHMENT_BYTES} bytes a photo or scan may have; nothing was attached",
                    data.len()
                ),
            ));
        }
        let Some(media_type) = sniff_media_type(&data) else {
            return Err(Error::invalid(
                "attachment",
                format!(
                    "`{file_name}` is not a photo or scan this program knows (JPEG, PNG, GIF, WebP, HEIC/HEIF, TIFF or PDF, recognised by its content, not its name); nothing was attached"
                ),
            ));
        };
        match owner_kind {
            AttachmentOwner::Visit => self.require::<Visit>(owner_id).map(|_| ())?,
            AttachmentOwner::Checklist => self.require::<Checklist>(owner_id).map(|_| ())?,
            AttachmentOwner::Incident => self.require::<Incident>(owner_id).map(|_| ())?,
        }
        let a = Attachment {
            meta: self.new_meta(),
            owner_kind,
            owner_id,
            question_code,
            file_name: file_name.to_string(),
            media_type: media_type.to_string(),
            sha256: sha256_hex(&data),
            size: data.len() as u64,
            data,
        };
        self.write(|tx| rows::save(tx, &a))?;
        Ok(a)
    }

    /// Attaches the photo or scan at `path` (the app's file dialog), under its file name: the
    /// size is checked before reading ([`read_attachment`](crate::limits::read_attachment)) and
    /// the media type comes from the bytes, as in [`Store::attach`].
    pub fn attach_file(
        &mut self,
        owner_kind: AttachmentOwner,
        owner_id: Uuid,
        question_code: Option<String>,
        path: &std::path::Path,
    ) -> Result<Attachment> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let data = crate::limits::read_attachment(path)?;
        self.attach(owner_kind, owner_id, question_code, &name, data)
    }

    /// The owner's attachments without their bytes, as the app lists them.
    pub fn attachment_infos(&self, owner_id: Uuid) -> Result<Vec<AttachmentInfo>> {
        Ok(self
            .attachments_of(owner_id)?
            .iter()
            .map(Into::into)
            .collect())
    }

    /// One attachment with its bytes.
    pub fn attachment(&self, id: Uuid) -> Result<Attachment> {
        self.require(id)
    }

    pub fn attachments_of(&self, owner_id: Uuid) -> Result<Vec<Attachment>> {
        rows::load_where(
            &self.conn,
            &format!("WHERE deleted = 0 AND owner_id = '{owner_id}' ORDER BY created_at"),
        )
    }
}
