#!/usr/bin/env python3
"""Check an executed Jupyter notebook (standard library only).

Usage: check_notebook_outputs.py EXECUTED.ipynb [--mime TYPE]... [--text TEXT]...

Exits 1 (and says why) if
  - a cell has an "error" output,
  - a code cell was not executed (no execution_count: execution stopped early),
  - a stream on stderr mentions a Go panic or a compile error,
  - the notebook holds no image output (image/png or image/svg+xml),
  - a --mime type asked for is missing, or a --text asked for appears in no output.
Used by scripts/notebook-check.
"""
import json
import sys


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    path = argv[1]
    mimes_wanted, texts_wanted = [], []
    args = argv[2:]
    while args:
        flag = args.pop(0)
        if flag not in ("--mime", "--text") or not args:
            sys.exit("check_notebook_outputs: bad arguments; " + __doc__)
        (mimes_wanted if flag == "--mime" else texts_wanted).append(args.pop(0))

    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    problems, mimes, texts = [], set(), []
    code_cells = 0
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        code_cells += 1
        if cell.get("execution_count") is None:
            problems.append("cell %d was not executed" % i)
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                problems.append("cell %d: error output %s: %s" % (i, out.get("ename", ""), out.get("evalue", "")))
            if kind == "stream":
                text = "".join(out.get("text", ""))
                texts.append(text)
                if out.get("name") == "stderr" and ("panic:" in text or "cannot compile" in text.lower()):
                    problems.append("cell %d: stderr reports a failure: %s" % (i, text.strip()[:300]))
            for mime, data in out.get("data", {}).items():
                mimes.add(mime)
                if mime.startswith("text/"):
                    texts.append("".join(data) if isinstance(data, list) else str(data))
    print("%s: %d code cells; output MIME types %s" % (path, code_cells, sorted(mimes)))
    if code_cells == 0:
        problems.append("no code cells")
    if not mimes & {"image/png", "image/svg+xml"}:
        problems.append("no image output (image/png or image/svg+xml)")
    for m in mimes_wanted:
        if m not in mimes:
            problems.append("no %s output" % m)
    alltext = "\n".join(texts)
    for t in texts_wanted:
        if t not in alltext:
            problems.append("no output contains %r" % t)
    if problems:
        print("FAIL:\n  " + "\n  ".join(problems))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
