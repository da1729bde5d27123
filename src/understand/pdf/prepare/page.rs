//! One page's inherited attributes and rewritten content.
//!
//! Exists so pdf-extract never climbs a page's `Parent` chain (it has no
//! cycle check) or meets a missing or malformed `MediaBox`. In: a page's
//! object id. Out: a [`PageUpdate`] (sanitized content, `MediaBox`,
//! `Resources`, to be written onto the page) and the page's [`PageInfo`]
//! (rotation, counts, or why it cannot be read). Must never modify the
//! document itself (changes are applied by [`super::prepare`]).

use pdf_extract::content::Content;
use pdf_extract::{Object, ObjectId};

use super::objects::{deref, inherited, number};
use super::{Ctx, PageInfo};

/// What is written onto a page once the content pass is over.
pub(super) struct PageUpdate {
    pub(super) content: Vec<u8>,
    pub(super) media_box: [f64; 4],
    pub(super) resources: Option<Object>,
}

impl Ctx<'_> {
    pub(super) fn prepare_page(&mut self, page_id: ObjectId) -> (Option<PageUpdate>, PageInfo) {
        let doc = self.doc;
        let mut info = PageInfo::default();
        let Ok(page) = doc.get_dictionary(page_id) else {
            info.error = Some("page object is not a dictionary".into());
            return (None, info);
        };
        let media_box = inherited(doc, page, b"MediaBox")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| {
                let v: Vec<f64> = a.iter().filter_map(|o| number(deref(doc, o))).collect();
                (v.len() == 4 && (v[2] - v[0]).abs() > 1.0 && (v[3] - v[1]).abs() > 1.0).then(
                    || {
                        [
                            v[0].min(v[2]),
                            v[1].min(v[3]),
                            v[0].max(v[2]),
                            v[1].max(v[3]),
                        ]
                    },
                )
            })
            .unwrap_or([0.0, 0.0, 595.0, 842.0]);
        info.rotate = inherited(doc, page, b"Rotate")
            .and_then(number)
            .map(|r| ((r as i64 % 360) + 360) % 360 / 90 * 90)
            .unwrap_or(0);
        let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
        let content = match doc.get_page_content(page_id) {
            Ok(c) => c,
            Err(e) => {
                info.error = Some(format!("page content unreadable: {e}"));
                return (None, info);
            }
        };
        let mut stack = Vec::new();
        let ops = match self.sanitize(&content, resources, &mut stack, &mut info) {
            Ok(ops) => ops,
            Err(e) => {
                info.error = Some(e);
                return (None, info);
            }
        };
        let content = match (Content { operations: ops }).encode() {
            Ok(c) => c,
            Err(e) => {
                info.error = Some(format!("page content could not be re-encoded: {e}"));
                return (None, info);
            }
        };
        let update = PageUpdate {
            content,
            media_box,
            resources: resources.map(|r| Object::Dictionary(r.clone())),
        };
        (Some(update), info)
    }
}
