#!/usr/bin/python3
"""Article extraction against Mozilla Readability.js, side by side in one
run (`make bench-article`).  Installs @mozilla/readability and jsdom from
the npm registry into a temporary directory (npm and node must be there),
reads every page of tests/fixtures/article with both, each page parsed and
extracted, and prints pages per second of each and the ratio, with the
per-page figures of tests/bench/article (pagefeed's extraction against its
own parse).  Figures only: nothing is asserted; the machine is shared, so
compare the ratio, not the absolute numbers.

BENCH_ARTICLE   the bench binary (tests/bench/article)
BENCH_ROUNDS    rounds over the corpus for Readability.js (3)
BENCH_KEEP=1    keep the temporary directory
"""
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
tests = os.environ.get("TESTS_SRCDIR", os.path.dirname(here))
corpus = os.path.join(tests, "fixtures", "article")
binary = os.environ.get("BENCH_ARTICLE", "tests/bench/article")
rounds = int(os.environ.get("BENCH_ROUNDS", "3"))

NODE_SCRIPT = r"""
const fs = require('fs');
const out = process.argv[4];
const path = require('path');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');
const dir = process.argv[2], rounds = parseInt(process.argv[3], 10);
const names = fs.readdirSync(dir).filter(f => f.endsWith('.html')).sort();
const pages = names.map(f => fs.readFileSync(path.join(dir, f), 'utf8'));
const vc = new VirtualConsole();
let best = Infinity, chars = 0;
for (let r = 0; r < rounds; r++) {
  const t0 = process.hrtime.bigint();
  chars = 0;
  for (let i = 0; i < pages.length; i++) {
    const dom = new JSDOM(pages[i], { url: 'http://fakehost/test/page.html',
                                      virtualConsole: vc });
    const a = new Readability(dom.window.document).parse();
    chars += a && a.textContent ? a.textContent.length : 0;
    if (r === 0)
      fs.writeFileSync(path.join(out, names[i].replace(/\.html$/, '.txt')),
                       a && a.textContent ? a.textContent : '');
    dom.window.close();
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (s < best) best = s;
}
console.log(JSON.stringify({ pages: pages.length, seconds: best, chars }));
"""


def readability_js():
    if shutil.which("node") is None or shutil.which("npm") is None:
        print("Readability.js: node or npm not found: skipped")
        return None
    tmp = tempfile.mkdtemp(prefix="pagefeed-bench-article.")
    try:
        r = subprocess.run(["npm", "install", "--silent", "--no-audit",
                            "--no-fund", "--prefix", tmp,
                            "@mozilla/readability", "jsdom"],
                           capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            print("Readability.js: npm install failed: skipped\n" +
                  r.stderr[-800:])
            return None
        with open(os.path.join(tmp, "bench.js"), "w") as f:
            f.write(NODE_SCRIPT)
        texts = os.path.join(tmp, "texts")
        os.mkdir(texts)
        r = subprocess.run(["node", os.path.join(tmp, "bench.js"), corpus,
                            str(rounds), texts], capture_output=True,
                           text=True, timeout=1800, cwd=tmp)
        if r.returncode != 0:
            print("Readability.js: run failed\n" + r.stderr[-800:])
            return None
        import json
        res = json.loads(r.stdout.strip().splitlines()[-1])
        res["quality"] = quality(texts)
        return res
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(tmp, ignore_errors=True)


def quality(texts):
    """Readability.js's text scored by test_article against the same
    truth: its overall lines."""
    test = os.environ.get("BENCH_TEST_ARTICLE", "tests/test_article")
    env = dict(os.environ, ARTICLE_OTHER=texts)
    r = subprocess.run([test], capture_output=True, text=True, env=env,
                       timeout=1800)
    return [l[2:] for l in r.stdout.splitlines()
            if l.startswith("# all:") or l.startswith("# unseen:") or
            l.startswith("# other extractor")]


def main():
    r = subprocess.run([binary], capture_output=True, text=True,
                       timeout=1800)
    sys.stdout.write(r.stdout)
    ours = None
    for line in r.stdout.splitlines():
        if line.startswith("corpus pages per second"):
            ours = float(line.rsplit(":", 1)[1])
    js = readability_js()
    print()
    print("%-36s %14s" % ("extractor (parse + extraction)", "pages/s"))
    if ours is not None:
        print("%-36s %14.1f" % ("pagefeed", ours))
    if js is not None:
        jsps = js["pages"] / js["seconds"]
        print("%-36s %14.1f" % ("Readability.js %s + jsdom" % "", jsps))
        if ours is not None:
            print("pagefeed / Readability.js: %.1fx (goal: at least 20x)"
                  % (ours / jsps))
        print()
        print("Body text against the corpus's truth (word shingles; "
              "pagefeed, then Readability.js as the other extractor):")
        for line in js.get("quality", []):
            print("  " + line)


main()
