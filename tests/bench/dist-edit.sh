#!/bin/bash
# `cargo xtask dist` after one corrected headline, at N stories each:
#
#   bash tests/bench/dist-edit.sh 2000 10000 100000     (EDITS=3 by default)
#
# For each N: a generated archive in target/bench/dist-N/content (made once
# with `press generate`), one `cargo xtask dist --content` to warm the caches
# (the kept app, render's pages, precompression's results, press's output and
# its spare), then EDITS times: one headline edited, and the same command
# again, timed from start to end. Logs: target/bench/dist-N-edit*.log.
# docs/performance.md has the results.
set -e
cd "$(dirname "$0")/../.."
cargo build --quiet --profile native -p broadsheet-press
for n in "$@"; do
  content=target/bench/dist-$n/content
  [ -d "$content" ] || target/native/press generate --articles "$n" --out "$content"
  cargo xtask dist --content "$content" > "target/bench/dist-$n-warm.log" 2>&1
  for i in $(seq 1 "${EDITS:-3}"); do
    file=$(find "$content/articles" -name "*.md" | sort | head -$((50 * i)) | tail -1)
    sed -i '0,/^headline = "/s/^headline = "/headline = "Edited: /' "$file"
    log=target/bench/dist-$n-edit$i.log
    start=$(date +%s.%N)
    cargo xtask dist --content "$content" > "$log" 2>&1
    end=$(date +%s.%N)
    echo "$n stories, edit $i: $(echo "$end - $start" | bc) s"
    grep -E "^(render|precompress):" "$log" | sed 's/^/  /'
  done
done
