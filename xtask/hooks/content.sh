#!/bin/sh
# press turns content/ (or $BROADSHEET_CONTENT) into target/site (JSON API,
# feeds, sitemap), then counts "Most popular" from a generated sample access
# log (a real site runs `press popular --logs /var/log/nginx/access.log*` on
# a schedule instead).
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
$press sample-logs --content "$content" --out target/sample-logs/access.log --lines 20000 --end "$now" 2>/dev/null
# Nothing counted (no published story yet) is an error that keeps the fallback ranking.
$press popular --content "$content" --site target/site --logs target/sample-logs/access.log --now "$now" 2>/dev/null || true
