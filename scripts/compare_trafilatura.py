#!/usr/bin/env python3
"""Score trafilatura on harvester's evaluation set, the way tests/understand_eval.rs scores harvester.

Usage: pip install trafilatura lxml_html_clean && python3 scripts/compare_trafilatura.py
Prints per-page character-bigram F1 (whitespace and '|' removed), the mean and worst,
and chrome-phrase leaks (a phrase counts when the extracted body holds it more often than the gold).
"""
import collections
import glob
import json
import os
import re
import sys

import trafilatura

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "tests", "fixtures", "understand")
CHROME = ("繁體版 繁体版 无障碍 关怀版 长者版 本站地图 网站地图 全文检索 当前位置 您的位置 浏览次数 "
          "访问量 【字体 打印本页 关闭窗口 分享到 上一篇 下一篇 相关链接 主办单位 承办单位 网站标识码 "
          "ICP备 公网安备 版权所有 索引号").split()


def squash(s):
    return re.sub(r"[\s|]", "", s or "")


def f1(got, gold):
    a, b = squash(got), squash(gold)
    if not a and not b:
        return 1.0
    ga = collections.Counter(a[i:i + 2] for i in range(len(a) - 1))
    gb = collections.Counter(b[i:i + 2] for i in range(len(b) - 1))
    common = sum((ga & gb).values())
    if common == 0:
        return 0.0
    p, r = common / sum(ga.values()), common / sum(gb.values())
    return 2 * p * r / (p + r)


def main():
    rows, leaks = [], 0
    for gold_path in sorted(glob.glob(os.path.join(FIX, "*.gold.json"))):
        name = os.path.basename(gold_path)[: -len(".gold.json")]
        gold = json.load(open(gold_path, encoding="utf-8"))
        raw = open(os.path.join(FIX, name + ".html"), "rb").read()
        html = trafilatura.utils.decode_file(raw)
        text = trafilatura.extract(html, include_tables=True, include_comments=False,
                                   favor_recall=False, url=gold.get("url")) or ""
        score = f1(text, gold["body"])
        leaked = [c for c in CHROME if text.count(c) > gold["body"].count(c)]
        leaks += len(leaked)
        rows.append((score, name, leaked))
    rows.sort()
    for score, name, leaked in rows:
        print(f"{score:.3f}  {name}  {' '.join(leaked)}")
    scores = [r[0] for r in rows]
    print(f"trafilatura {trafilatura.__version__}: pages {len(rows)}, mean F1 {sum(scores)/len(scores):.4f}, "
          f"worst {min(scores):.3f}, chrome leaks {leaks} on {sum(1 for r in rows if r[2])} pages")


if __name__ == "__main__":
    sys.exit(main())
