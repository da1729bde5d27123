//! Article bodies of the synthetic portals: 政府信息公开工作年度报告 in the
//! national format (国办公开办函〔2021〕30号) with the section 二, 三 and 四
//! statistics tables filled with numbers that add up, notices, and news.
//!
//! In: the host's county, the article and its noise seed. Out: HTML
//! fragments and titles. Never: anything that depends on more than its
//! arguments (a page is the same bytes every time it is asked for).

use std::fmt::Write as _;

use super::site::{mix, Article, Kind};

/// Issuing units: the county government, departments, townships.
const UNITS: [&str; 36] = [
    "人民政府",
    "人民政府办公室",
    "发展和改革局",
    "教育局",
    "科学技术局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和广电旅游体育局",
    "卫生健康局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "城关镇人民政府",
    "东溪镇人民政府",
    "西山乡人民政府",
    "南塘镇人民政府",
    "北岭镇人民政府",
    "白石镇人民政府",
    "桥头镇人民政府",
    "梅源乡人民政府",
    "石门镇人民政府",
    "黄坦镇人民政府",
    "凤山乡人民政府",
    "龙泉街道办事处",
    "新城街道办事处",
    "江口街道办事处",
];

const TOWNS: [&str; 12] = [
    "城关镇",
    "东溪镇",
    "西山乡",
    "南塘镇",
    "北岭镇",
    "白石镇",
    "桥头镇",
    "梅源乡",
    "石门镇",
    "黄坦镇",
    "凤山乡",
    "龙泉街道",
];

const TOPICS: [&str; 14] = [
    "安全生产",
    "防汛防台",
    "春耕备耕",
    "乡村振兴",
    "营商环境",
    "森林防火",
    "文明城市创建",
    "生态环境保护",
    "消防安全",
    "食品安全",
    "重点项目建设",
    "民生实事",
    "信访维稳",
    "政务公开",
];

/// The unit and year of report `a` (unique per host for the first 36 years).
fn report_unit_year(art: &Article) -> (&'static str, i32) {
    let j = art.index / 5;
    (UNITS[j % UNITS.len()], 2024 - (j / UNITS.len()) as i32)
}

/// The article's title.
pub fn title(county: &str, art: &Article) -> String {
    let s = art.seed;
    let y = art.date.year();
    let town = TOWNS[(s >> 8) as usize % TOWNS.len()];
    let topic = TOPICS[(s >> 16) as usize % TOPICS.len()];
    let unit = UNITS[2 + (s >> 24) as usize % 20];
    match art.kind {
        Kind::Report => {
            let (unit, year) = report_unit_year(art);
            match s % 3 {
                0 => format!("{county}{unit}{year}年政府信息公开工作年度报告"),
                1 => format!("{county}{unit}{year}年度政府信息公开工作年度报告"),
                _ => format!("{year}年{county}{unit}政府信息公开工作年度报告"),
            }
        }
        Kind::Notice => match (s >> 32) % 8 {
            0 => format!(
                "关于做好{}年政府信息公开工作年度报告编制和发布工作的通知",
                y - 1
            ),
            1 => format!("关于{}年度政府信息公开工作年度报告发布情况的通报", y - 1),
            2 => format!("{county}{}年法治政府建设年度报告", y - 1),
            3 => format!("{county}{unit}{}年度部门决算公开", y - 1),
            4 => format!("{county}{}年国民经济和社会发展统计公报", y - 1),
            5 => format!("关于开展{y}年度政务公开工作自查的通知"),
            6 => format!("{y}年{county}政府工作报告"),
            _ => format!("关于做好{}年度企业年度报告公示工作的通告", y - 1),
        },
        Kind::News => match (s >> 32) % 5 {
            0 => format!("{town}召开{y}年{topic}工作会议（第{}期）", art.index),
            1 => format!("县领导赴{town}督导{topic}工作（{}）", art.date_str()),
            2 => format!("{county}{unit}举行{topic}专题培训第{}场", art.index),
            3 => format!("{town}扎实推进{topic}各项工作（{}）", art.date_str()),
            _ => format!("{county}召开{topic}推进会部署第{}阶段任务", art.index),
        },
    }
}

/// The organ named in the article's 来源 line.
pub fn organ(county: &str, art: &Article) -> String {
    match art.kind {
        Kind::Report => format!("{county}{}", report_unit_year(art).0),
        _ => format!("{county}人民政府办公室"),
    }
}

/// The article body (without its title).
pub fn body(out: &mut String, county: &str, art: &Article) {
    match art.kind {
        Kind::Report => report(out, county, art),
        Kind::Notice | Kind::News => prose(out, county, art),
    }
}

const SENTENCES: [&str; 16] = [
    "会议强调，要提高政治站位，压实工作责任，确保各项工作落到实处",
    "各乡镇（街道）、县直各单位要加强统筹协调，形成工作合力",
    "要坚持问题导向，聚焦群众急难愁盼，切实解决实际困难",
    "要强化督查考核，对工作落实不力的单位进行通报",
    "今年以来，全县上下认真贯彻落实上级决策部署，各项工作稳步推进",
    "下一步，将进一步完善工作机制，健全长效管理制度",
    "活动现场，工作人员向群众发放宣传资料，并耐心解答群众咨询",
    "据统计，全年累计开展专项检查多次，排查整改各类隐患问题",
    "要加强宣传引导，营造全社会共同参与的良好氛围",
    "会上，各责任单位分别汇报了近期工作进展情况及下一步工作打算",
    "要坚持底线思维，做好应急预案，确保不发生重大安全事故",
    "要结合实际，细化工作方案，明确时间节点，倒排工期抓推进",
    "相关负责同志深入一线，实地察看项目建设进展和现场管理情况",
    "要统筹发展和安全，在推动高质量发展上展现新作为",
    "与会人员围绕主题进行了深入交流讨论，提出了意见建议",
    "通过此次活动，进一步增强了干部群众的责任意识和法治观念",
];

/// Notices and news: 5–14 paragraphs of 2–4 sentences.
fn prose(out: &mut String, county: &str, art: &Article) {
    let mut s = art.seed;
    let paragraphs = 5 + (s % 10) as usize;
    let town = TOWNS[(s >> 12) as usize % TOWNS.len()];
    let topic = TOPICS[(s >> 20) as usize % TOPICS.len()];
    let _ = writeln!(
        out,
        "<p style=\"text-indent:2em\">{date}，{county}在{town}召开{topic}工作推进会议，总结前阶段工作，部署下阶段任务。县政府有关负责同志出席会议并讲话。</p>",
        date = art.date_str(),
    );
    for p in 0..paragraphs {
        s = mix(s ^ p as u64);
        out.push_str("<p style=\"text-indent:2em\">");
        for i in 0..2 + (s % 3) as usize {
            let k = ((s >> (8 * i)) % SENTENCES.len() as u64) as usize;
            out.push_str(SENTENCES[k]);
            let _ = write!(
                out,
                "，{}第{}项任务已完成{}%。",
                topic,
                p + 1,
                (s >> 40) % 100
            );
        }
        out.push_str("</p>\n");
    }
}

/// Deterministic figures for one report.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = mix(self.0);
        if n == 0 {
            0
        } else {
            self.0 % n
        }
    }
}

const APPLICANTS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// Section 三's result rows under 三、本年度办理结果: (group, group rows, label).
const RESULTS: [(&str, &str); 22] = [
    ("", "（一）予以公开"),
    (
        "",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    ("（三）不予公开", "1.属于国家秘密"),
    ("（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("（三）不予公开", "3.危及“三安全一稳定”"),
    ("（三）不予公开", "4.保护第三方合法权益"),
    ("（三）不予公开", "5.属于三类内部事务信息"),
    ("（三）不予公开", "6.属于四类过程性信息"),
    ("（三）不予公开", "7.属于行政执法案卷"),
    ("（三）不予公开", "8.属于行政查询事项"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("（四）无法提供", "2.没有现成信息需要另行制作"),
    ("（四）无法提供", "3.补正后申请内容仍不明确"),
    ("（五）不予处理", "1.信访举报投诉类申请"),
    ("（五）不予处理", "2.重复申请"),
    ("（五）不予处理", "3.要求提供公开出版物"),
    ("（五）不予处理", "4.无正当理由大量反复申请"),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    (
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("（六）其他处理", "3.其他"),
    ("", "（七）总计"),
];

fn group_len(group: &str) -> usize {
    RESULTS.iter().filter(|(g, _)| *g == group).count()
}

const TABLE: &str = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse:collapse;width:100%\"><tbody>\n";

fn para(out: &mut String, text: &str) {
    let _ = writeln!(out, "<p style=\"text-indent:2em\">{text}</p>");
}

fn heading(out: &mut String, text: &str) {
    let _ = writeln!(out, "<p><strong>{text}</strong></p>");
}

/// A full 2021-format report: sections 一…六 with the three tables.
fn report(out: &mut String, county: &str, art: &Article) {
    let (unit, y) = report_unit_year(art);
    let organ = format!("{county}{unit}");
    let mut r = Rng(art.seed);
    let (active, docs, interp) = (800 + r.below(3000), 20 + r.below(200), 5 + r.below(80));
    para(out, &format!("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。如对本报告有疑问，请与{organ}联系（电话：0577-6{:07}）。", r.below(10_000_000)));
    heading(out, "一、总体情况");
    para(out, &format!("{y}年，{organ}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级关于政务公开工作的部署要求，围绕中心工作，以公开促落实、促规范、促服务，不断提升工作透明度。"));
    para(out, &format!("（一）主动公开。全年通过门户网站主动公开政府信息{active}条，其中政策文件{docs}条、政策解读{interp}条，召开新闻发布会{}场。", r.below(20)));
    para(out, &format!("（二）依申请公开。严格按照《条例》规定办理政府信息公开申请，规范申请登记、审核、答复、归档等环节，答复文书统一经法律顾问审查，全年未发生逾期答复情况。全年通过政务新媒体发布信息{}条。", 300 + r.below(2000)));
    para(out, &format!("（三）政府信息管理。严格落实公文公开属性源头认定机制，开展行政规范性文件清理，对拟公开的政府信息依法依规做好保密审查。组织开展政务公开业务培训{}次。", 1 + r.below(6)));

    heading(out, "二、主动公开政府信息情况");
    let (made, abolished, valid) = (r.below(15), r.below(8), 20 + r.below(60));
    let (licence, penalty, force) = (r.below(5000), r.below(600), r.below(40));
    let fee = format!("{}.{:02}", r.below(2000), r.below(100));
    out.push_str(TABLE);
    let _ = write!(
        out,
        "<tr><td colspan=\"4\" style=\"text-align:center\">第二十条第（一）项</td></tr>\n\
         <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\n\
         <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>\n\
         <tr><td>行政规范性文件</td><td>{made}</td><td>{abolished}</td><td>{valid}</td></tr>\n\
         <tr><td colspan=\"4\" style=\"text-align:center\">第二十条第（五）项</td></tr>\n\
         <tr><td>信息内容</td><td colspan=\"3\">本年处理决定数量</td></tr>\n\
         <tr><td>行政许可</td><td colspan=\"3\">{licence}</td></tr>\n\
         <tr><td colspan=\"4\" style=\"text-align:center\">第二十条第（六）项</td></tr>\n\
         <tr><td>信息内容</td><td colspan=\"3\">本年处理决定数量</td></tr>\n\
         <tr><td>行政处罚</td><td colspan=\"3\">{penalty}</td></tr>\n\
         <tr><td>行政强制</td><td colspan=\"3\">{force}</td></tr>\n\
         <tr><td colspan=\"4\" style=\"text-align:center\">第二十条第（八）项</td></tr>\n\
         <tr><td>信息内容</td><td colspan=\"3\">本年收费金额（单位：万元）</td></tr>\n\
         <tr><td>行政事业性收费</td><td colspan=\"3\">{fee}</td></tr>\n</tbody></table>\n"
    );

    heading(out, "三、收到和处理政府信息公开申请情况");
    applications(out, &mut r);

    heading(out, "四、政府信息公开行政复议、行政诉讼情况");
    out.push_str(TABLE);
    out.push_str("<tr><td colspan=\"5\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr>\n<tr><td rowspan=\"2\">结果维持</td><td rowspan=\"2\">结果纠正</td><td rowspan=\"2\">其他结果</td><td rowspan=\"2\">尚未审结</td><td rowspan=\"2\">总计</td><td colspan=\"5\">未经复议直接起诉</td><td colspan=\"5\">复议后起诉</td></tr>\n<tr>");
    for _ in 0..2 {
        for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
            let _ = write!(out, "<td>{h}</td>");
        }
    }
    out.push_str("</tr>\n<tr>");
    for _ in 0..3 {
        let four = [r.below(4), r.below(2), r.below(2), r.below(2)];
        for v in four {
            let _ = write!(out, "<td>{v}</td>");
        }
        let _ = write!(out, "<td>{}</td>", four.iter().sum::<u64>());
    }
    out.push_str("</tr>\n</tbody></table>\n");

    heading(out, "五、存在的主要问题及改进情况");
    para(out, &format!("{y}年，{organ}政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一；二是基层政务公开标准化规范化水平有待提高。下一步，将着力加强政策解读，推广图文、视频等多样化解读方式，持续提升政务公开质量。"));
    heading(out, "六、其他需要报告的事项");
    para(out, &format!("本年度未收取信息处理费。{y}年，共办理人大代表建议{}件、政协提案{}件，办理结果均已按要求公开。", r.below(100), r.below(120)));
}

/// Section 三: six applicant columns and the total; every column adds up
/// (一 + 二 = 三(七) + 四) and the total column is the row sum.
fn applications(out: &mut String, r: &mut Rng) {
    let mut new = [0u64; 6];
    let mut carried = [0u64; 6];
    let mut results = [[0u64; 6]; 21];
    let mut next = [0u64; 6];
    for c in 0..6 {
        new[c] = if c == 0 { r.below(60) } else { r.below(6) };
        carried[c] = r.below(3);
        let mut left = new[c] + carried[c];
        next[c] = r.below(left.min(3) + 1);
        left -= next[c];
        // Most are disclosed; the rest spread over the other outcomes.
        for (row, slot) in results.iter_mut().enumerate() {
            let take = if row == 20 {
                left
            } else if row == 0 {
                left * (50 + r.below(30)) / 100
            } else {
                r.below(left.min(3) + 1)
            };
            slot[c] = take;
            left -= take;
        }
    }
    let cells = |out: &mut String, v: &[u64; 6]| {
        for x in v {
            let _ = write!(out, "<td>{x}</td>");
        }
        let _ = writeln!(out, "<td>{}</td></tr>", v.iter().sum::<u64>());
    };
    out.push_str(TABLE);
    out.push_str("<tr><td colspan=\"3\" rowspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=\"7\">申请人情况</td></tr>\n");
    let _ = writeln!(
        out,
        "<tr><td rowspan=\"2\">{}</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">{}</td></tr>",
        APPLICANTS[0], APPLICANTS[6]
    );
    out.push_str("<tr>");
    for a in &APPLICANTS[1..6] {
        let _ = write!(out, "<td>{a}</td>");
    }
    out.push_str("</tr>\n<tr><td colspan=\"3\">一、本年新收政府信息公开申请数量</td>");
    cells(out, &new);
    out.push_str("<tr><td colspan=\"3\">二、上年结转政府信息公开申请数量</td>");
    cells(out, &carried);
    let mut done = [0u64; 6];
    for (i, (group, label)) in RESULTS.iter().enumerate() {
        out.push_str("<tr>");
        if i == 0 {
            out.push_str("<td rowspan=\"22\">三、本年度办理结果</td>");
        }
        if group.is_empty() {
            let _ = write!(out, "<td colspan=\"2\">{label}</td>");
        } else {
            if RESULTS[i - 1].0 != *group {
                let _ = write!(out, "<td rowspan=\"{}\">{group}</td>", group_len(group));
            }
            let _ = write!(out, "<td>{label}</td>");
        }
        if i == 21 {
            cells(out, &done);
        } else {
            let row = results[i];
            for c in 0..6 {
                done[c] += row[c];
            }
            cells(out, &row);
        }
    }
    out.push_str("<tr><td colspan=\"3\">四、结转下年度继续办理</td>");
    cells(out, &next);
    out.push_str("</tbody></table>\n");
}
