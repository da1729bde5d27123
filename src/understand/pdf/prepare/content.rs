//! Content streams rewritten to the text operators pdf-extract handles.
//!
//! Exists because pdf-extract `assert!`s and `unwrap`s on operands and
//! follows form XObjects without bound. In: a content stream's bytes and
//! its resources. Out: the operations kept (`BT ET q Q cm Tm Td TD T* Tc Tw
//! Tz TL Ts Tf Tj TJ Do`, operands checked; `'` and `"` rewritten; strings
//! in GBK/Big5 fonts transcoded to UTF-16BE), form XObjects rewritten into
//! [`Ctx::forms`], and counts of images and dropped text in [`PageInfo`].
//! Must never follow a form cycle or nest deeper than [`MAX_FORM_DEPTH`],
//! never examine more than [`MAX_OPERATIONS`] operations per document, and
//! never keep a text operator without a usable font.

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Dictionary, Object, ObjectId, StringFormat};

use super::objects::{dict_get, number};
use super::{Ctx, FontKind, PageInfo, MAX_OPERATIONS};

/// Deepest nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 12;

#[derive(Debug, Clone)]
pub(super) enum FormResult {
    /// Being processed (a `Do` reaching it again is a cycle).
    InProgress,
    Rewritten(Vec<u8>),
    Unusable,
}

impl Ctx<'_> {
    /// Decode a content stream and keep the text operators pdf-extract handles,
    /// with valid operands. Follows form XObjects (rewriting them in `forms`).
    pub(super) fn sanitize(
        &mut self,
        content: &[u8],
        resources: Option<&'_ Dictionary>,
        stack: &mut Vec<ObjectId>,
        info: &mut PageInfo,
    ) -> Result<Vec<Operation>, String> {
        let doc = self.doc;
        let decoded =
            Content::decode(content).map_err(|e| format!("content stream unparsable: {e}"))?;
        if decoded.operations.len() > self.budget {
            return Err(format!(
                "too many content operations (limit {MAX_OPERATIONS} per document)"
            ));
        }
        self.budget -= decoded.operations.len();

        let font_dict = resources
            .and_then(|r| dict_get(doc, r, b"Font"))
            .and_then(|o| o.as_dict().ok());
        let xobjects = resources
            .and_then(|r| dict_get(doc, r, b"XObject"))
            .and_then(|o| o.as_dict().ok());

        // The current font's kind, saved and restored with q/Q as pdf-extract does.
        let mut font: Option<FontKind> = None;
        let mut font_stack: Vec<Option<FontKind>> = Vec::new();
        let mut out = Vec::with_capacity(decoded.operations.len() / 2);

        for op in decoded.operations {
            let nums = |n: usize| {
                op.operands.len() == n && op.operands.iter().all(|o| number(o).is_some())
            };
            match op.operator.as_str() {
                "BT" | "ET" | "T*" => out.push(Operation::new(&op.operator, vec![])),
                "q" => {
                    font_stack.push(font);
                    out.push(op);
                }
                "Q" => {
                    if let Some(f) = font_stack.pop() {
                        font = f;
                        out.push(op);
                    }
                }
                "cm" | "Tm" if nums(6) => out.push(op),
                "Td" | "TD" if nums(2) => out.push(op),
                "Tc" | "Tw" | "Tz" | "TL" | "Ts" if nums(1) => out.push(op),
                "Tf" => {
                    let kind = match (op.operands.first(), op.operands.get(1)) {
                        (Some(Object::Name(name)), Some(size)) if number(size).is_some() => {
                            self.font_kind(font_dict, name)
                        }
                        _ => None,
                    };
                    match kind {
                        Some(FontKind::Unsupported) | None => font = Some(FontKind::Unsupported),
                        Some(k) => {
                            font = Some(k);
                            out.push(op);
                        }
                    }
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    let usable = matches!(font, Some(k) if k != FontKind::Unsupported);
                    if !usable {
                        info.dropped_text_ops += 1;
                        continue;
                    }
                    let transcode = match font {
                        Some(FontKind::Transcode(enc)) => Some(enc),
                        _ => None,
                    };
                    let shown = match (op.operator.as_str(), op.operands.as_slice()) {
                        ("Tj", [Object::String(s, _)]) => {
                            Some(Object::String(s.clone(), StringFormat::Hexadecimal))
                        }
                        ("'", [Object::String(s, _)]) => {
                            out.push(Operation::new("T*", vec![]));
                            Some(Object::String(s.clone(), StringFormat::Hexadecimal))
                        }
                        ("\"", [aw, ac, Object::String(s, _)])
                            if number(aw).is_some() && number(ac).is_some() =>
                        {
                            out.push(Operation::new("Tw", vec![aw.clone()]));
                            out.push(Operation::new("Tc", vec![ac.clone()]));
                            out.push(Operation::new("T*", vec![]));
                            Some(Object::String(s.clone(), StringFormat::Hexadecimal))
                        }
                        ("TJ", [Object::Array(items)]) => Some(Object::Array(
                            items
                                .iter()
                                .filter(|o| matches!(o, Object::String(..)) || number(o).is_some())
                                .cloned()
                                .collect(),
                        )),
                        _ => None,
                    };
                    let Some(shown) = shown else { continue };
                    let shown = match transcode {
                        Some(enc) => transcode_operand(shown, enc),
                        None => shown,
                    };
                    info.text_ops += 1;
                    let operator = if matches!(shown, Object::Array(_)) {
                        "TJ"
                    } else {
                        "Tj"
                    };
                    out.push(Operation::new(operator, vec![shown]));
                }
                "Do" => {
                    let Some(Object::Name(name)) = op.operands.first() else {
                        continue;
                    };
                    let Some(reference) = xobjects.and_then(|x| x.get(name).ok()) else {
                        continue;
                    };
                    let Ok(id) = reference.as_reference() else {
                        continue;
                    };
                    let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                        continue;
                    };
                    match stream.dict.get(b"Subtype").and_then(Object::as_name) {
                        Ok(b"Form") => {}
                        Ok(b"Image") => {
                            info.images += 1;
                            continue;
                        }
                        _ => continue,
                    }
                    if stack.contains(&id) || stack.len() >= MAX_FORM_DEPTH {
                        continue;
                    }
                    match self.forms.get(&id) {
                        Some(FormResult::Rewritten(_)) => {
                            out.push(op);
                            continue;
                        }
                        Some(_) => continue,
                        None => {}
                    }
                    self.forms.insert(id, FormResult::InProgress);
                    let Ok(bytes) = stream.get_plain_content() else {
                        self.forms.insert(id, FormResult::Unusable);
                        continue;
                    };
                    let form_resources = dict_get(doc, &stream.dict, b"Resources")
                        .and_then(|o| o.as_dict().ok())
                        .or(resources);
                    stack.push(id);
                    let result = self.sanitize(&bytes, form_resources, stack, info);
                    stack.pop();
                    match result
                        .ok()
                        .and_then(|ops| Content { operations: ops }.encode().ok())
                    {
                        Some(bytes) => {
                            self.forms.insert(id, FormResult::Rewritten(bytes));
                            out.push(op);
                        }
                        None => {
                            self.forms.insert(id, FormResult::Unusable);
                        }
                    }
                }
                "BI" | "ID" | "EI" => info.images += 1,
                _ => {}
            }
        }
        Ok(out)
    }
}

fn transcode_operand(o: Object, enc: &'static encoding_rs::Encoding) -> Object {
    match o {
        Object::String(s, _) => Object::String(to_utf16be(&s, enc), StringFormat::Hexadecimal),
        Object::Array(items) => Object::Array(
            items
                .into_iter()
                .map(|i| transcode_operand(i, enc))
                .collect(),
        ),
        other => other,
    }
}

fn to_utf16be(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}
