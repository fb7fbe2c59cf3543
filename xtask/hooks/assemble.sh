#!/bin/sh
# Assembles the site in DIR from trunk's build of the app and press's output
# (target/site), and pre-renders every page into it.
#
# usage: assemble.sh DIR
#
# Run by trunk after each build (Trunk.toml), with DIR its staging folder;
# and by `cargo xtask serve` after a content edit, with DIR a new folder
# that it then swaps in: the app is the one trunk built last, kept in
# target/serve/app by the hook's run for a development build.
set -e
dir=$1
# Release builds carry the CSP in the page too. Development builds
# (`cargo xtask serve`) carry the script that reloads the page when the site
# is built again.
if [ "$TRUNK_PROFILE" = release ]; then mode=--csp-meta; else mode=--live-reload; fi
# Hard links (nothing writes a file of the site in place: press and render
# replace files), a copy where the file system has none.
copy() { cp -al "$1/." "$2/" 2>/dev/null || cp -R --remove-destination "$1/." "$2/"; }
if [ -n "$TRUNK_STAGING_DIR" ]; then
  if [ "$mode" = --live-reload ]; then
    rm -rf target/serve/app && mkdir -p target/serve/app
    copy "$dir" target/serve/app
  fi
else
  [ -d target/serve/app ] || { echo "assemble.sh: no app built by trunk yet (target/serve/app)" >&2; exit 1; }
  copy target/serve/app "$dir"
fi
copy target/site "$dir"
# press's stamp, manifest and ledger are for press (its own output, the URLs
# and the files of the last build); not for the site.
rm -f "$dir/.broadsheet-output" "$dir/.broadsheet-manifest.json" "$dir/.broadsheet-files"
# Pages made from the same bytes as before come from render's cache.
target/native/render --dist "$dir" $mode --cache target/render-cache
