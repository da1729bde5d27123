//! Round trips through the independent `warc` 0.4 reader, gzip member
//! boundaries, rotation and resume.

use super::*;
use std::io::Read;
use std::time::Duration;
use warc::{BufferedBody, Record, RecordType, WarcHeader, WarcReader};

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn at() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000) // 2023-11-14T22:13:20Z
}

fn get<'a>(
    url: &'a str,
    status: u16,
    headers: &'a [(String, String)],
    body: &'a [u8],
) -> Exchange<'a> {
    Exchange {
        url,
        method: "GET",
        request_headers: &[],
        request_body: None,
        status,
        response_headers: headers,
        body,
        fetched_at: at(),
        peer_ip: None,
    }
}

fn read(path: &Path) -> Vec<Record<BufferedBody>> {
    let reader = WarcReader::from_path_gzip(path).unwrap();
    reader.iter_records().collect::<Result<_, _>>().unwrap()
}

fn hdr(r: &Record<BufferedBody>, name: WarcHeader) -> String {
    r.header(name).map(|v| v.into_owned()).unwrap_or_default()
}

fn digest(data: &[u8]) -> String {
    format!("sha1:{}", data_encoding::BASE32.encode(&Sha1::digest(data)))
}

/// Split a block into its HTTP header part (as text) and its body.
fn split(block: &[u8]) -> (String, &[u8]) {
    let end = block.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    (
        String::from_utf8(block[..end].to_vec()).unwrap(),
        &block[end..],
    )
}

/// Decode gzip members one at a time; each must hold exactly one record.
fn members(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut rest = bytes;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let mut dec = flate2::bufread::GzDecoder::new(rest);
        let mut member = Vec::new();
        dec.read_to_end(&mut member).unwrap();
        rest = dec.into_inner();
        out.push(member);
    }
    out
}

const HTML: &str = "<html><body>2023年政府信息公开工作年度报告</body></html>";

#[test]
fn warc_round_trip_through_the_warc_crate() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = WarcWriter::create(dir.path(), "20231114", 1 << 30).unwrap();

    let gz_headers = h(&[
        ("content-type", "text/html; charset=utf-8"),
        ("content-encoding", "gzip"),
        ("content-length", "57"),
        ("transfer-encoding", "chunked"),
    ]);
    let mut page = get(
        "http://www.zjpy.gov.cn/xxgk/ndbg/",
        200,
        &gz_headers,
        HTML.as_bytes(),
    );
    page.peer_ip = Some("10.1.2.3".parse().unwrap());
    w.write_exchange(&page).unwrap();

    let form_headers = h(&[("content-type", "application/x-www-form-urlencoded")]);
    let xml_headers = h(&[("content-type", "text/xml")]);
    let form = b"col=1&webid=2&path=/&columnid=123";
    let post_url =
        "http://www.zjpy.gov.cn:8080/module/web/jpage/dataproxy.jsp?startrecord=1&perpage=15";
    let mut post = get(
        post_url,
        200,
        &xml_headers,
        b"<datastore><nextgroup/></datastore>",
    );
    post.method = "POST";
    post.request_headers = &form_headers;
    post.request_body = Some(form);
    w.write_exchange(&post).unwrap();

    let nf_headers = h(&[("Content-Type", "text/plain"), ("Content-Length", "9")]);
    w.write_exchange(&get(
        "http://www.zjpy.gov.cn/gone.pdf",
        404,
        &nf_headers,
        b"not found",
    ))
    .unwrap();

    let evil_headers = h(&[
        ("X-Evil", "a\r\nWARC-Type: evil"),
        ("Bad\r\nName", "v\n\rWARC-Target-URI: http://evil/"),
    ]);
    w.write_exchange(&get(
        "http://www.zjpy.gov.cn/evil",
        200,
        &evil_headers,
        b"ok",
    ))
    .unwrap();

    assert_eq!(w.records(), 8);
    let files = w.finish().unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0].ends_with("harvester-20231114-00000.warc.gz"));
    let recs = read(&files[0]);

    let types: Vec<_> = recs.iter().map(|r| r.warc_type().clone()).collect();
    let (rq, rs) = (RecordType::Request, RecordType::Response);
    let want = [
        RecordType::WarcInfo,
        rq.clone(),
        rs.clone(),
        rq.clone(),
        rs.clone(),
        rq.clone(),
        rs.clone(),
        rq,
        rs,
    ];
    assert_eq!(types, want);

    let info = &recs[0];
    assert_eq!(
        hdr(info, WarcHeader::ContentType),
        "application/warc-fields"
    );
    let info_body = String::from_utf8(info.body().to_vec()).unwrap();
    assert!(info_body.contains(concat!("software: harvester ", env!("CARGO_PKG_VERSION"))));
    assert!(info_body.contains("format: WARC File Format 1.1"));
    for r in &recs {
        assert_eq!(r.warc_version(), "1.1");
        assert_eq!(r.content_length(), r.body().len() as u64);
        assert_eq!(hdr(r, WarcHeader::BlockDigest), digest(r.body()));
        let id = r.warc_id();
        assert_eq!(id.len(), "<urn:uuid:>".len() + 36, "{id}");
        assert!(id.starts_with("<urn:uuid:") && id.ends_with('>'), "{id}");
        assert_eq!(&id[24..25], "4", "{id}");
        assert!("89ab".contains(&id[29..30]), "{id}");
        if r.warc_type() != &RecordType::WarcInfo {
            assert_eq!(hdr(r, WarcHeader::WarcInfoID), info.warc_id());
            assert_eq!(hdr(r, WarcHeader::Date), "2023-11-14T22:13:20Z");
        }
    }
    for pair in recs[1..].chunks(2) {
        let (req, resp) = (&pair[0], &pair[1]);
        assert_eq!(hdr(req, WarcHeader::ConcurrentTo), resp.warc_id());
        assert_eq!(hdr(resp, WarcHeader::ConcurrentTo), req.warc_id());
        assert_eq!(
            hdr(req, WarcHeader::ContentType),
            "application/http;msgtype=request"
        );
        assert_eq!(
            hdr(resp, WarcHeader::ContentType),
            "application/http;msgtype=response"
        );
    }
    let uris: Vec<_> = recs[1..]
        .iter()
        .map(|r| hdr(r, WarcHeader::TargetURI))
        .collect();
    let pages = [
        "http://www.zjpy.gov.cn/xxgk/ndbg/",
        post_url,
        "http://www.zjpy.gov.cn/gone.pdf",
        "http://www.zjpy.gov.cn/evil",
    ];
    assert_eq!(
        uris,
        pages
            .iter()
            .flat_map(|u| [u.to_string(), u.to_string()])
            .collect::<Vec<_>>()
    );

    // 1: decoded gzip page; encodings dropped but kept as X-Harvester-Original-*.
    assert_eq!(hdr(&recs[1], WarcHeader::IPAddress), "10.1.2.3");
    assert_eq!(hdr(&recs[2], WarcHeader::IPAddress), "10.1.2.3");
    let (req_head, req_body) = split(recs[1].body());
    assert_eq!(
        req_head,
        "GET /xxgk/ndbg/ HTTP/1.1\r\nHost: www.zjpy.gov.cn\r\n\r\n"
    );
    assert!(req_body.is_empty());
    assert_eq!(hdr(&recs[1], WarcHeader::PayloadDigest), "");
    let (head, body) = split(recs[2].body());
    assert_eq!(body, HTML.as_bytes());
    assert_eq!(
        hdr(&recs[2], WarcHeader::PayloadDigest),
        digest(HTML.as_bytes())
    );
    assert!(
        head.starts_with("HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\n"),
        "{head}"
    );
    assert!(
        head.contains(&format!("\r\nContent-Length: {}\r\n", HTML.len())),
        "{head}"
    );
    assert!(
        head.contains("\r\nX-Harvester-Original-Content-Encoding: gzip\r\n"),
        "{head}"
    );
    assert!(
        head.contains("\r\nX-Harvester-Original-Transfer-Encoding: chunked\r\n"),
        "{head}"
    );
    assert!(
        head.contains("\r\nX-Harvester-Original-Content-Length: 57\r\n"),
        "{head}"
    );
    let lower = head.to_ascii_lowercase();
    assert!(!lower.contains("\ncontent-encoding:") && !lower.contains("\ntransfer-encoding:"));
    assert_eq!(lower.matches("\ncontent-length:").count(), 1, "{head}");

    // 2: POST with its form body.
    let (req_head, req_body) = split(recs[3].body());
    assert_eq!(
        req_head,
        "POST /module/web/jpage/dataproxy.jsp?startrecord=1&perpage=15 HTTP/1.1\r\nHost: www.zjpy.gov.cn:8080\r\n\
         content-type: application/x-www-form-urlencoded\r\nContent-Length: 33\r\n\r\n"
    );
    assert_eq!(req_body, form);
    assert_eq!(hdr(&recs[3], WarcHeader::PayloadDigest), digest(form));
    assert_eq!(
        split(recs[4].body()).1,
        b"<datastore><nextgroup/></datastore>"
    );

    // 3: 404, whose Content-Length already matched and is not duplicated.
    let (head, body) = split(recs[6].body());
    assert_eq!(
        head,
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\n"
    );
    assert_eq!(body, b"not found");
    assert_eq!(
        hdr(&recs[6], WarcHeader::PayloadDigest),
        digest(b"not found")
    );

    // 4: injection neutralised: still one response record with its own type and URI.
    let evil = &recs[8];
    assert_eq!(evil.warc_type(), &RecordType::Response);
    assert_eq!(
        hdr(evil, WarcHeader::TargetURI),
        "http://www.zjpy.gov.cn/evil"
    );
    let (head, body) = split(evil.body());
    assert_eq!(body, b"ok");
    assert!(
        head.contains("\r\nX-Evil: a  WARC-Type: evil\r\n"),
        "{head}"
    );
    assert!(
        head.contains("\r\nBad__Name: v  WARC-Target-URI: http://evil/\r\n"),
        "{head}"
    );
    let raw: Vec<u8> = members(&std::fs::read(&files[0]).unwrap()).concat();
    let raw = String::from_utf8_lossy(&raw);
    assert!(!raw.contains("\nWARC-Type: evil") && !raw.contains("\nWARC-Target-URI: http://evil/"));
}

#[test]
fn warc_each_record_is_its_own_gzip_member() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = WarcWriter::create(dir.path(), "members", 1 << 30).unwrap();
    let headers = h(&[("content-type", "text/html")]);
    for i in 0..3 {
        let url = format!("http://www.zjpy.gov.cn/p{i}.html");
        w.write_exchange(&get(&url, 200, &headers, HTML.as_bytes()))
            .unwrap();
    }
    let files = w.finish().unwrap();
    let members = members(&std::fs::read(&files[0]).unwrap());
    assert_eq!(members.len(), 7);
    let kinds = [
        "warcinfo", "request", "response", "request", "response", "request", "response",
    ];
    for (m, kind) in members.iter().zip(kinds) {
        let text = String::from_utf8_lossy(m);
        assert!(text.starts_with("WARC/1.1\r\n"), "{text}");
        assert_eq!(text.matches("WARC/1.1\r\n").count(), 1);
        assert!(
            text.contains(&format!("\r\nWARC-Type: {kind}\r\n")),
            "{text}"
        );
        assert!(text.ends_with("\r\n\r\n"));
    }
}

#[test]
fn warc_rotates_files_each_starting_with_warcinfo() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = WarcWriter::create(dir.path(), "rot", 1).unwrap();
    let headers = h(&[("content-type", "text/html")]);
    for i in 0..3 {
        let url = format!("http://www.zjpy.gov.cn/p{i}.html");
        w.write_exchange(&get(&url, 200, &headers, HTML.as_bytes()))
            .unwrap();
    }
    assert_eq!(w.files().len(), 3);
    assert_eq!(w.records(), 6);
    let files = w.finish().unwrap();
    for (i, file) in files.iter().enumerate() {
        assert!(
            file.ends_with(format!("harvester-rot-{i:05}.warc.gz")),
            "{file:?}"
        );
        let recs = read(file);
        let types: Vec<_> = recs.iter().map(|r| r.warc_type().clone()).collect();
        assert_eq!(
            types,
            [
                RecordType::WarcInfo,
                RecordType::Request,
                RecordType::Response
            ]
        );
        assert_eq!(
            hdr(&recs[2], WarcHeader::TargetURI),
            format!("http://www.zjpy.gov.cn/p{i}.html")
        );
        assert_eq!(hdr(&recs[1], WarcHeader::WarcInfoID), recs[0].warc_id());
        let name = file.file_name().unwrap().to_str().unwrap();
        assert_eq!(hdr(&recs[0], WarcHeader::Filename), name);
    }

    // A roomy limit keeps everything in one file.
    let mut w = WarcWriter::create(dir.path(), "roomy", 1 << 20).unwrap();
    for _ in 0..3 {
        w.write_exchange(&get("http://www.zjpy.gov.cn/", 200, &headers, b"x"))
            .unwrap();
    }
    assert_eq!(w.finish().unwrap().len(), 1);
}

#[test]
fn warc_resumed_run_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("harvester-other-00009.warc.gz"), b"x").unwrap();
    std::fs::write(dir.path().join("harvester-run-1-00004.warc.gz"), b"x").unwrap();
    let headers = h(&[("content-type", "text/html")]);

    let mut w = WarcWriter::create(dir.path(), "run", 1 << 30).unwrap();
    w.write_exchange(&get("http://www.zjpy.gov.cn/a", 200, &headers, b"first"))
        .unwrap();
    let first = w.finish().unwrap();
    assert_eq!(first.len(), 1);
    assert!(first[0].ends_with("harvester-run-00000.warc.gz"));
    let first_bytes = std::fs::read(&first[0]).unwrap();

    let mut w = WarcWriter::create(dir.path(), "run", 1 << 30).unwrap();
    w.write_exchange(&get("http://www.zjpy.gov.cn/b", 200, &headers, b"second"))
        .unwrap();
    let second = w.finish().unwrap();
    assert_eq!(second.len(), 1);
    assert!(second[0].ends_with("harvester-run-00001.warc.gz"));
    assert_eq!(std::fs::read(&first[0]).unwrap(), first_bytes);
    assert_eq!(split(read(&first[0])[2].body()).1, b"first");
    assert_eq!(split(read(&second[0])[2].body()).1, b"second");
}

#[test]
fn warc_run_id_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let w = WarcWriter::create(dir.path(), "2023-11-14T22:13/x", 1 << 30).unwrap();
    let files = w.finish().unwrap();
    assert!(
        files[0].ends_with("harvester-2023-11-14T22_13_x-00000.warc.gz"),
        "{files:?}"
    );
    assert_eq!(read(&files[0]).len(), 1);

    assert!(matches!(
        WarcWriter::create(dir.path(), "", 1),
        Err(WarcError::EmptyRunId { .. })
    ));
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, b"").unwrap();
    let err = WarcWriter::create(&blocker.join("warc"), "r", 1)
        .err()
        .unwrap();
    assert!(err.to_string().contains("not-a-dir"), "{err}");
}

#[test]
fn warc_helpers() {
    assert_eq!(warc_date(UNIX_EPOCH), "1970-01-01T00:00:00Z");
    assert_eq!(
        warc_date(at() + Duration::from_millis(999)),
        "2023-11-14T22:13:20Z"
    );
    assert_eq!(
        warc_date(UNIX_EPOCH - Duration::from_secs(5)),
        "1970-01-01T00:00:00Z"
    );
    assert_ne!(new_record_id(), new_record_id());
    assert_eq!(sanitize_uri("http://a/b c\r\nd"), "http://a/b%20c%0D%0Ad");
    assert_eq!(sanitize_value("a\r\nb\tc\0"), "a  b\tc ");
    assert_eq!(sanitize_token("Content-Type"), "Content-Type");
    assert_eq!(sanitize_token("a b:c\n"), "a_b_c_");
    // An unparseable URL and an odd method still give a one-line request line.
    let mut ex = get("not a url\r\n", 599, &[], b"");
    ex.method = "GE T";
    let block = String::from_utf8(request_block(&ex)).unwrap();
    assert_eq!(block, "GE_T not%20a%20url%0D%0A HTTP/1.1\r\n\r\n");
    assert!(String::from_utf8(response_block(&ex))
        .unwrap()
        .starts_with("HTTP/1.1 599 Unknown\r\n"));
}
