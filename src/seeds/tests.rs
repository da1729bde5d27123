//! Seed loading: formats, line numbers and reasons.
use super::*;
use std::fs;

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, content).unwrap();
    p
}

fn messages(set: &SeedSet) -> Vec<String> {
    set.problems.iter().map(ToString::to_string).collect()
}

fn urls(set: &SeedSet) -> Vec<&str> {
    set.seeds.iter().map(|s| s.url.as_str()).collect()
}

#[test]
fn txt_with_comments_blank_lines_and_bom() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "a.txt",
        "\u{feff}# 县级政府门户\n\n  http://www.zjpy.gov.cn  \r\nwww.neixiangxian.gov.cn # 内乡县\nhttps://www.qianjiang.gov.cn/#/home\n\t# indented comment\n"
            .as_bytes(),
    );
    let set = load(&p).unwrap();
    assert_eq!(set.problems, vec![], "{:?}", messages(&set));
    assert_eq!(
        urls(&set),
        [
            "http://www.zjpy.gov.cn/",
            "http://www.neixiangxian.gov.cn/",
            "https://www.qianjiang.gov.cn/"
        ]
    );
    let src: Vec<_> = set.seeds.iter().map(|s| s.source.clone()).collect();
    let f = p.display();
    assert_eq!(src, [format!("{f}:3"), format!("{f}:4"), format!("{f}:5")]);
    assert_eq!(set.seeds[0].name, None);
    assert_eq!(set.files, vec![p]);
}

#[test]
fn csv_with_bom_extra_columns_and_quoted_fields() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "c.csv",
        "\u{feff} Code ,Name,LEVEL,Province,URL,note\n\
         330326,平阳县,county,浙江省,http://www.zjpy.gov.cn,\"温州,平阳\"\n\
         # a comment line\n\
         411325,\" 内乡县 \",county,河南省,www.neixiangxian.gov.cn/,\n\
         ,,,,https://www.qianjiang.gov.cn,\n"
            .as_bytes(),
    );
    let set = load(&p).unwrap();
    assert_eq!(messages(&set), Vec::<String>::new());
    assert_eq!(set.seeds.len(), 3);
    let s = &set.seeds[0];
    assert_eq!(s.url.as_str(), "http://www.zjpy.gov.cn/");
    assert_eq!(s.name.as_deref(), Some("平阳县"));
    assert_eq!(s.code.as_deref(), Some("330326"));
    assert_eq!(s.province.as_deref(), Some("浙江省"));
    assert_eq!(s.level.as_deref(), Some("county"));
    assert_eq!(s.source, format!("{}:2", p.display()));
    assert_eq!(set.seeds[1].name.as_deref(), Some("内乡县"));
    assert_eq!(set.seeds[1].source, format!("{}:4", p.display()));
    assert_eq!(set.seeds[2].code, None);
    assert_eq!(set.seeds[2].name, None);
    assert_eq!(set.seeds[2].source, format!("{}:5", p.display()));
}

#[test]
fn bad_csv_lines_have_exact_file_line_messages() {
    let dir = tempfile::tempdir().unwrap();
    let mut content = b"url,name,code\n".to_vec(); // 1
    content.extend_from_slice("http://www.xiuning.gov.cn;,休宁县,341022\n".as_bytes()); // 2
    content.extend_from_slice(b"http://www.qdsn.gov.cnn16,x,370202\n"); // 3
    content.extend_from_slice(b"https://58.49.42.70/zjxt/,ip,429004\n"); // 4 ok
    content.extend_from_slice(b"http://www.a.gov.cn,a,12345\n"); // 5 kept, bad code
    content.extend_from_slice(b"http://www.b.gov.cn,b\n"); // 6 field count
    content.extend_from_slice(b"http://www.c.gov.cn,\xD6\xD0\xCE\xC4,100000\n"); // 7 GBK
    content.extend_from_slice(b",empty,100000\n"); // 8
    content.extend_from_slice(b"HTTP://WWW.A.GOV.CN/,dup,\n"); // 9
    content.extend_from_slice(b"ftp://www.d.gov.cn,d,\n"); // 10
    content.extend_from_slice(b"http://www.e .gov.cn,e,\n"); // 11
    content.extend_from_slice(b"http://intranet/,f,\n"); // 12
    content.extend_from_slice(b"\"http://www.g.gov.cn\n/x\",g,\n"); // 13-14
    content.extend_from_slice(b"http://www.h.gov.c,h,\n"); // 15
    content.extend_from_slice(b"http:www.i.gov.cn,i,\n"); // 16
    content.extend_from_slice(b"javascript:void(0),j,\n"); // 17
    content.extend_from_slice("http://www.k.gov.cn。,k,\n".as_bytes()); // 18
    content.extend_from_slice(b"www.l.gov.cn:8080/a,l,110101000000\n"); // 19 ok
    let p = write(dir.path(), "a.csv", &content);
    let set = load(&p).unwrap();
    let f = p.display();
    let expected = [
        format!("{f}:2: url \"http://www.xiuning.gov.cn;\" ends with a stray ';'"),
        format!("{f}:3: host \"www.qdsn.gov.cnn16\" of url \"http://www.qdsn.gov.cnn16\" has an invalid top-level label \"cnn16\""),
        format!("{f}:5: code \"12345\" is not a 6- or 12-digit admin code; seed kept without a code"),
        format!("{f}:6: expected 3 fields (url,name,code), found 2; line skipped"),
        format!("{f}:7: line is not valid UTF-8 (field 2) (is the file GBK-encoded? save it as UTF-8); line skipped"),
        format!("{f}:8: empty url"),
        format!("{f}:9: duplicate of {f}:5 (http://www.a.gov.cn/); line skipped"),
        format!("{f}:10: url \"ftp://www.d.gov.cn\" has unsupported scheme \"ftp\" (only http and https)"),
        format!("{f}:11: url \"http://www.e .gov.cn\" contains whitespace"),
        format!("{f}:12: host \"intranet\" of url \"http://intranet/\" has no dot"),
        format!("{f}:13: url \"http://www.g.gov.cn\\n/x\" contains whitespace"),
        format!("{f}:15: host \"www.h.gov.c\" of url \"http://www.h.gov.c\" has an invalid top-level label \"c\""),
        format!("{f}:16: url \"http:www.i.gov.cn\" lacks \"//\" after \"http:\""),
        format!("{f}:17: url \"javascript:void(0)\" has unsupported scheme \"javascript\" (only http and https)"),
        format!("{f}:18: url \"http://www.k.gov.cn。\" ends with a stray '。'"),
    ];
    assert_eq!(messages(&set), expected);
    assert_eq!(
        urls(&set),
        [
            "https://58.49.42.70/zjxt/",
            "http://www.a.gov.cn/",
            "http://www.l.gov.cn:8080/a"
        ]
    );
    assert_eq!(set.seeds[1].code, None);
    assert_eq!(set.seeds[2].code.as_deref(), Some("110101000000"));
    assert_eq!(set.problems[0].line, 2);
    assert_eq!(set.problems[0].file, p);
}

#[test]
fn bad_txt_lines_are_reported_and_the_rest_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "list.txt",
        b"http://www.a.gov.cn;\nhttp://www.b.gov.cn http://www.c.gov.cn\n\xC4\xDA\xCF\xE7\n//www.d.gov.cn/x\nhttp://user:pw@www.e.gov.cn\nhttp://[::1]:8080/\nhttp://www.a.gov.cn/#top\n",
    );
    let set = load(&p).unwrap();
    let f = p.display();
    assert_eq!(
        messages(&set),
        [
            format!("{f}:1: url \"http://www.a.gov.cn;\" ends with a stray ';'"),
            format!("{f}:2: url \"http://www.b.gov.cn http://www.c.gov.cn\" contains whitespace"),
            format!("{f}:3: line is not valid UTF-8 (is the file GBK-encoded? save it as UTF-8); line skipped"),
            format!("{f}:5: url \"http://user:pw@www.e.gov.cn\" carries a user name or password"),
        ]
    );
    assert_eq!(
        urls(&set),
        [
            "http://www.d.gov.cn/x",
            "http://[::1]:8080/",
            "http://www.a.gov.cn/"
        ]
    );
}

#[test]
fn host_with_junk_in_the_middle_names_the_character() {
    let err = parse_seed_url("http://www.x.gov.cn;/index.html").unwrap_err();
    assert_eq!(
        err,
        "host \"www.x.gov.cn;\" of url \"http://www.x.gov.cn;/index.html\" contains trailing ';', not allowed in a host name"
    );
    assert!(parse_seed_url("localhost:8080")
        .unwrap_err()
        .contains("has no dot"));
    assert!(parse_seed_url("http://www..gov.cn").is_err());
    assert!(parse_seed_url("http://www.x.gov.cn.").is_err());
    assert_eq!(
        parse_seed_url("http://中国政府.政务").unwrap().host_str(),
        Some("xn--fiqs8sirgfmh.xn--zfr164b")
    );
}

#[test]
fn directory_with_both_kinds_sorted_and_deduplicated() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "b.txt",
        b"http://www.zjpy.gov.cn\nhttp://www.hsxzf.gov.cn\n",
    );
    write(
        dir.path(),
        "a.csv",
        "url,name\nhttp://www.zjpy.gov.cn/,平阳县\n".as_bytes(),
    );
    write(dir.path(), "README.md", b"http://www.ignored.gov.cn\n");
    write(dir.path(), ".hidden.txt", b"http://www.hidden.gov.cn\n");
    fs::create_dir(dir.path().join("sub.txt")).unwrap();
    write(dir.path(), "C.TXT", b"https://www.qianjiang.gov.cn\n");
    let set = load(dir.path()).unwrap();
    let names: Vec<_> = set
        .files
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(names, ["C.TXT", "a.csv", "b.txt"]);
    assert_eq!(
        urls(&set),
        [
            "https://www.qianjiang.gov.cn/",
            "http://www.zjpy.gov.cn/",
            "http://www.hsxzf.gov.cn/"
        ]
    );
    assert_eq!(set.seeds[1].name.as_deref(), Some("平阳县"));
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.txt");
    assert_eq!(
        messages(&set),
        [format!(
            "{}:1: duplicate of {}:2 (http://www.zjpy.gov.cn/); line skipped",
            b.display(),
            a.display()
        )]
    );
}

#[test]
fn csv_header_problems_skip_the_file_only() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "1.csv",
        b"address,name\nhttp://www.a.gov.cn,a\n",
    );
    write(dir.path(), "2.csv", b"");
    write(dir.path(), "3.csv", b"\n\nURL\n\nhttp://www.b.gov.cn\n");
    let set = load(dir.path()).unwrap();
    let d = dir.path();
    assert_eq!(
        messages(&set),
        [
            format!(
                "{}:1: header has no `url` column (found: address,name); file skipped",
                d.join("1.csv").display()
            ),
            format!(
                "{}:1: no header line (empty file); expected a header with a `url` column",
                d.join("2.csv").display()
            ),
        ]
    );
    assert_eq!(urls(&set), ["http://www.b.gov.cn/"]);
    assert_eq!(
        set.seeds[0].source,
        format!("{}:5", d.join("3.csv").display())
    );
}

#[test]
fn single_file_with_other_extension_is_read_as_txt() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "seeds.list", b"url,name\nwww.a.gov.cn\n");
    let set = load(&p).unwrap();
    assert_eq!(urls(&set), ["http://www.a.gov.cn/"]);
    assert_eq!(set.problems.len(), 1);
    assert_eq!(
        set.problems[0].to_string(),
        format!(
            "{}:1: host \"url,name\" of url \"url,name\" contains ',', not allowed in a host name",
            p.display()
        )
    );
}

#[test]
fn fatal_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let e = load(&missing).unwrap_err();
    assert!(matches!(e, SeedError::NotFound { .. }));
    assert!(
        e.to_string().contains(&missing.display().to_string()),
        "{e}"
    );

    write(dir.path(), "notes.md", b"x");
    let e = load(dir.path()).unwrap_err();
    assert!(matches!(e, SeedError::NoSeedFiles { .. }));
    assert_eq!(
        e.to_string(),
        format!(
            "seed directory {} holds no .txt or .csv files",
            dir.path().display()
        )
    );
}

#[test]
fn zero_valid_seeds_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.txt", b"# nothing yet\n\n");
    let set = load(&p).unwrap();
    assert!(set.seeds.is_empty() && set.problems.is_empty());
}

#[test]
fn problem_display_without_line() {
    let p = SeedProblem {
        file: PathBuf::from("seeds/a.csv"),
        line: 0,
        reason: "cannot read file: denied".into(),
    };
    assert_eq!(p.to_string(), "seeds/a.csv: cannot read file: denied");
    let p = SeedProblem { line: 12, ..p };
    assert_eq!(p.to_string(), "seeds/a.csv:12: cannot read file: denied");
}

#[test]
fn shipped_seed_directory_loads_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let set = load(&dir).unwrap();
    assert_eq!(messages(&set), Vec::<String>::new());
    let got: Vec<_> = set
        .seeds
        .iter()
        .map(|s| (s.name.as_deref().unwrap(), s.code.as_deref().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("平阳县", "330326"),
            ("内乡县", "411325"),
            ("合水县", "621024"),
            ("黔江区", "500114")
        ]
    );
    assert_eq!(set.seeds[3].url.as_str(), "https://www.qianjiang.gov.cn/");
    assert!(set
        .seeds
        .iter()
        .all(|s| s.level.as_deref() == Some("county")));
}

#[test]
fn seed_serializes_url_as_string() {
    let seed = Seed {
        url: Url::parse("http://www.zjpy.gov.cn/").unwrap(),
        name: Some("平阳县".into()),
        code: Some("330326".into()),
        province: None,
        level: None,
        source: "seeds/counties.csv:2".into(),
    };
    let json = serde_json::to_string(&seed).unwrap();
    assert!(
        json.contains("\"url\":\"http://www.zjpy.gov.cn/\""),
        "{json}"
    );
    let back: Seed = serde_json::from_str(&json).unwrap();
    assert_eq!(back, seed);
}
