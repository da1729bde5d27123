//! What a URL points at, judged from its path (and download-style query).
use url::Url;

/// Attachment extensions: report files published as documents.
const DOCUMENT_EXTS: &[&str] = &["pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx"];

/// Extensions that are never pages nor reports: styles, scripts, images,
/// audio/video, fonts, archives, executables.
const ASSET_EXTS: &[&str] = &[
    "css", "js", "jpg", "jpeg", "png", "gif", "ico", "svg", "bmp", "webp", "tif", "tiff", "mp4",
    "mp3", "avi", "wmv", "flv", "swf", "wav", "woff", "woff2", "ttf", "eot", "zip", "rar", "7z",
    "gz", "exe", "apk", "msi",
];

/// Lowercased extension of the last path segment, if any.
fn path_ext(url: &Url) -> Option<String> {
    let last = url.path().rsplit('/').next()?;
    let (stem, ext) = last.rsplit_once('.')?;
    if stem.is_empty() && ext.is_empty() {
        return None;
    }
    Some(ext.to_ascii_lowercase())
}

/// Lowercased extension at the end of `value` (a decoded query value).
fn value_ext(value: &str) -> Option<String> {
    let value = value.trim();
    let last = value.rsplit(['/', '\\', '=']).next()?;
    let (_, ext) = last.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// Whether `url` is an attachment: its path ends in .pdf .doc .docx .wps
/// .ofd .xls .xlsx (any case), or a query value names such a file
/// (`download.jsp?filename=report.PDF`, `?path=/upload/a.docx`).
pub fn is_document_url(url: &Url) -> bool {
    if path_ext(url).is_some_and(|e| DOCUMENT_EXTS.contains(&e.as_str())) {
        return true;
    }
    url.query().is_some()
        && url
            .query_pairs()
            .any(|(_, v)| value_ext(&v).is_some_and(|e| DOCUMENT_EXTS.contains(&e.as_str())))
}

/// Whether `url` is an asset that is neither a page nor a document.
pub(crate) fn is_asset_url(url: &Url) -> bool {
    path_ext(url).is_some_and(|e| ASSET_EXTS.contains(&e.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn documents_by_path_extension_any_case() {
        for s in [
            "http://x.gov.cn/a/report.PDF",
            "http://x.gov.cn/a/b.docx",
            "http://x.gov.cn/a/b.doc",
            "http://x.gov.cn/a/b.wps",
            "http://x.gov.cn/a/b.Ofd",
            "http://x.gov.cn/a/b.xls",
            "http://x.gov.cn/a/b.XLSX?v=2",
            "http://x.gov.cn/a/%E5%B9%B4%E6%8A%A5.pdf",
        ] {
            assert!(is_document_url(&u(s)), "{s}");
        }
    }

    #[test]
    fn documents_by_query_value() {
        assert!(is_document_url(&u(
            "http://x.gov.cn/download.jsp?filename=2023nb.pdf"
        )));
        assert!(is_document_url(&u(
            "http://x.gov.cn/attach/down.aspx?id=3&path=%2Fupload%2F2024%2Fa.DOCX"
        )));
        assert!(is_document_url(&u("http://x.gov.cn/dl?f=C:\\up\\a.wps")));
    }

    #[test]
    fn pages_are_not_documents() {
        for s in [
            "http://x.gov.cn/",
            "http://x.gov.cn/a/index.html",
            "http://x.gov.cn/art/2022/1/20/art_12377_1486865.html",
            "http://x.gov.cn/pdf/index.html",
            "http://x.gov.cn/a.pdf/view.html",
            "http://x.gov.cn/list.jsp?type=pdf",
            "http://x.gov.cn/a/docx",
            "http://x.gov.cn/pdfx",
        ] {
            assert!(!is_document_url(&u(s)), "{s}");
        }
    }

    #[test]
    fn assets() {
        for s in [
            "http://x.gov.cn/a.css",
            "http://x.gov.cn/a.JS?v=1",
            "http://x.gov.cn/i/a.jpg",
            "http://x.gov.cn/i/a.PNG",
            "http://x.gov.cn/v.mp4",
            "http://x.gov.cn/f.zip",
        ] {
            assert!(is_asset_url(&u(s)), "{s}");
        }
        for s in [
            "http://x.gov.cn/a.html",
            "http://x.gov.cn/a.pdf",
            "http://x.gov.cn/jsp/index.jsp",
            "http://x.gov.cn/",
        ] {
            assert!(!is_asset_url(&u(s)), "{s}");
        }
    }
}
