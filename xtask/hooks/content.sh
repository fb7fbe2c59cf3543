#!/bin/sh
# press turns content/ (or $BROADSHEET_CONTENT) into target/site (JSON API,
# feeds, sitemap), then "Most popular":
# - $BROADSHEET_LOGS (access logs, separated by spaces; globs allowed):
#   counted by `press popular` (docs/deploy.md, "Most popular"); or
#   $BROADSHEET_COUNTS, a `path,count` file counted elsewhere, ranked;
# - else, for the project's own sample content (or $BROADSHEET_SAMPLE_LOGS=1):
#   counted from a generated sample log, so the sample site shows the box
#   as a site with logs does;
# - else the stand-in press build wrote (the newest stories, marked as
#   such): a newsroom's site never shows a ranking made from invented reads.
#
# Run by trunk before each build (Trunk.toml), and by `cargo xtask serve`
# after a content edit, with BROADSHEET_TOOLS_BUILT=1: the native tools are
# built already, and the edit must be live within a second.
set -e
if [ -z "$BROADSHEET_TOOLS_BUILT" ]; then
  cargo build --quiet --profile native --package broadsheet-press --package broadsheet-render --package broadsheet-precompress
fi
press=target/native/press
content=${BROADSHEET_CONTENT:-content}
# $BROADSHEET_NOW (RFC 3339) builds the site as of that time; $BROADSHEET_DRAFTS=1 shows drafts.
now=${BROADSHEET_NOW:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
$press build --content "$content" --out target/site --quiet --now "$now" ${BROADSHEET_DRAFTS:+--drafts}
if [ -n "$BROADSHEET_COUNTS" ]; then
  # Nothing counted is an error that says why and keeps the stand-in.
  $press popular --content "$content" --site target/site --now "$now" --counts "$BROADSHEET_COUNTS" ||
    echo "content.sh: \"Most popular\" stays the newest stories (press popular failed above)" >&2
elif [ -n "$BROADSHEET_LOGS" ]; then
  # shellcheck disable=SC2086 # a list of files and globs
  $press popular --content "$content" --site target/site --now "$now" --logs $BROADSHEET_LOGS ||
    echo "content.sh: \"Most popular\" stays the newest stories (press popular failed above)" >&2
elif [ -n "$BROADSHEET_SAMPLE_LOGS" ] || [ "$(cd "$content" && pwd -P)" = "$(pwd -P)/content" ]; then
  # The stories come from the site press just built, not from the content again.
  $press sample-logs --content "$content" --site target/site --out target/sample-logs/access.log --lines 20000 --end "$now" 2>/dev/null
  $press popular --content "$content" --site target/site --logs target/sample-logs/access.log --now "$now" 2>/dev/null || true
fi
