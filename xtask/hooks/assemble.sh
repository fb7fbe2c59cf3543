#!/bin/sh
# Assembles the site in DIR from trunk's build of the app and press's output
# (target/site), and pre-renders every page into it.
#
# usage: assemble.sh DIR
#
# Run by trunk after each build (Trunk.toml), with DIR its staging folder:
# the app it built is kept (in $BROADSHEET_APP: target/serve/app for a
# development build, target/release-app for a release build). Run without
# trunk, with DIR a new folder, the app kept last is put in it: by `cargo
# xtask serve` after a content edit, and by `cargo xtask dist` when the app
# has not changed since its last release build (xtask/src/release_app.rs).
set -e
dir=$1
# Release builds carry the CSP in the page too. Development builds
# (`cargo xtask serve`) carry the script that reloads the page when the site
# is built again.
if [ "$TRUNK_PROFILE" = release ]; then
  mode=--csp-meta
  app=${BROADSHEET_APP:-target/release-app}
else
  mode=--live-reload
  app=${BROADSHEET_APP:-target/serve/app}
fi
# Hard links (nothing writes a file of the site in place: press and render
# replace files), a copy where the file system has none.
copy() { cp -al "$1/." "$2/" 2>/dev/null || cp -R --remove-destination "$1/." "$2/"; }
# The kept app is replaced whole: only ever one of these two folders.
case "$app" in
  target/release-app | */target/release-app | target/serve/app | */target/serve/app) ;;
  *) echo "assemble.sh: $app is not where the app is kept (target/release-app, target/serve/app)" >&2; exit 1 ;;
esac
if [ -n "$TRUNK_STAGING_DIR" ]; then
  # `cargo xtask dist`: the app in two modules (xtask/src/split_app.rs).
  if [ "$TRUNK_PROFILE" = release ] && [ -n "$BROADSHEET_SPLIT_APP" ]; then
    "$BROADSHEET_SPLIT_APP" split-app "$dir"
  fi
  rm -rf "$app" && mkdir -p "$app"
  copy "$dir" "$app"
else
  [ -d "$app" ] || { echo "assemble.sh: no app built by trunk yet ($app)" >&2; exit 1; }
  copy "$app" "$dir"
fi
copy target/site "$dir"
# press's stamp, manifest and ledger are for press (its own output, the URLs
# and the files of the last build); not for the site.
rm -f "$dir/.broadsheet-output" "$dir/.broadsheet-manifest.json" "$dir/.broadsheet-files"
# Pages made from the same bytes as before come from render's cache. DIR is
# a folder nobody serves yet (trunk's staging folder, or the new folder
# xtask swaps in), so render writes into it rather than into a copy.
target/native/render --dist "$dir" $mode --cache target/render-cache --in-place
