-- Broadsheet "Most popular" counts on ClickHouse, from Cloudflare Logpush
-- HTTP requests (dataset `http_requests`, JSON fields as Cloudflare names them)
-- in the table `cloudflare_http_requests`. Writes `path,count` rows for
-- `press popular --counts FILE`. Same rules as `press popular`; see README.md.
WITH requests AS (
  -- The CDN's table, as (t: Unix seconds, client, method, uri: path without
  -- the query, status, ua). EdgeStartTimestamp is Logpush's default unixnano.
  SELECT
    intDiv(EdgeStartTimestamp, 1000000000) AS t,
    ClientIP AS client,
    ClientRequestMethod AS method,
    splitByChar('?', ClientRequestURI)[1] AS uri,
    EdgeResponseStatus AS status,
    ClientRequestUserAgent AS ua
  FROM cloudflare_http_requests
),
-- BEGIN COUNTING RULES
params AS (
  SELECT
    1795852800 AS window_end,      -- @window_end: the window's end, Unix seconds (UTC)
    86400 AS window_seconds,       -- @window_seconds: its length (press: --window-hours)
    '' AS base_path                -- @base_path: '' at a domain's root, or '/news' under a sub-path
),
counted AS (
  SELECT r.client, r.ua, substr(r.uri, length(p.base_path) + 1) AS path
  FROM requests r CROSS JOIN params p
  WHERE r.method = 'GET'
    AND ((r.status >= 200 AND r.status < 300) OR r.status = 304)
    AND r.t BETWEEN p.window_end - p.window_seconds AND p.window_end
    AND substr(r.uri, 1, length(p.base_path)) = p.base_path
    AND r.ua IS NOT NULL AND r.ua <> '' AND r.ua <> '-'
    AND NOT match(lower(r.ua), '[ ]+bot|^2ip.ru|^[a-z.0-9/ \\-_]*bot|^ad muncher|^avsdevicesdk/|^bidtellect/|^blackboard|^blogtrottr|^boardreader|^castro|^collectd|^comodo|^cortex|^curl|^ddg_android|^duckduckgo|^email|^expanse|^ez publish|^fdm[\\s/]\\d|^feedbin|^fever|^holmes|^java/|^javascript|^lcc |^lua-resty-http|^navermailapp|^netlyzer fastprobe|^netsurf|^newsgator|^ning/|^octopus|^pagepeeker|^pagething|^php|^php-curl-class|^postmanruntime|^prittorrent|^rainmeter|^ramblermail|^sentry/|^server density|^sitesucker|^snapchat|^spotify/|^sprinklr|^the knowledge ai|^unityplayer|^viber$|^websitepulse|^whatsapp\\+?/[0-9\\.]+ [a-z]$|^windows-rss|^wsr-agent|^yahoo:linkexpander|^yahoocachesystem|^zooshot|a6-indexer|aboundex|adbeat|addthis|admantx|adscanner|ahc/|aiohttp|amazon cloudfront|analyzer|anthropic-ai|anyevent|apachebench/|apercite|apis-google|appengine-google|appinsights|arabot|arachni|archiver|axios|baidu-yunguance|banca caboto|barkrowler|bazqux|biglotron|bingpreview/|binlar|bit\\.ly/|bot($|[/\\);-]+)|brandverity|browsershots|btwebclient|bubing|buck/|catchpoint|cc metadata scaper|centuryb|changedetection|chatgpt-user|check_http|checker|checkmarknetwork/|chrome-lighthouse|cincraw|claude-web|clickagy|cloudflare|coccoc|cohere-ai|collection@infegy.com|contextad bot|convera|crawler|curious george|cyberpatrol|dareboost|datadog agent|datafeedwatch|datanyze|dataprovider.com|daum(oa)?[ /][0-9]|daum/|dcrawl|deusu/|diffbot|digg deeper|disqus|dmbrowser|domainreanimator|domains project/|drupact|duplexweb-google|ec2linkfinder|electricmonk|embedly|eright|europarchive.org|evc-batch|extractor|ezid|ezooms|facebookexternalhit|fedoraplanet|feedfetcher|feedly|feedspot|feedvalidator|fetcher|findlink|findthatfile|flamingo_searchengine|flipboardproxy|fluffy|freshrss|friendica|g00g1e.net|g2 web services|genieo|gigablast|go-http-client|gobuster|gomezagent|google favicon|google page speed insight|google search|google web preview|google-|googleimageproxy|goose/|grouphigh/|grub.org|guzzlehttp|gwene|hatena|headlesschrome|help@dataminr\\.com|heritrix|http[s]?://|http_get|httpclient|httpunit|httpurlconnection|httpx|httrack|hubspot|ichiro|indeedbot|inoreader\\.com|integromedb|internetarchive|ips-agent|iskanie|jetslide|jetty|kaspersky|kouio\\.com|larbin|libwww|libwww-perl|lighthouse|linkdex|lipperhey|livelapbot|ltx71|m_bot_tab|mappydata|mastodon|mediapartners-google|megaindex|meltwaternews|meta-externalagent|meta-externalfetcher|metauri|miniflux/|mixnodecache/|mnogosearch|moatbot|monitor|monitoring|moreover|muckrack|netcraft|netresearchserver|netsystemsresearch|netvibes|newsblur|newsharecounts|newspaper/|nextcloud|nmap scripting engine|node-fetch/|nutch|nuzzel|okhttp|omgili|optimizer|outbrain|page2rss|pagepeeker/|pandalytics|panscient|pcore-http|perplexity-user|phantomjs|phpcrawl|pingdom|pocketparser|postrank|pr-cy.ru|preview|proximic|prtg network monitor|ptst[\\s/]|pulsepoint|pycurl|python-requests|python-urllib|qihoobot|qqdownload|qwantify|rivva|robot|robozilla|scanner|scoutjet|scraper|scrapy|searchatlas|seewithkids|seobility|seokicks|seolizer|seoscanners|seznam|simplepie|site24x7|siteexplorer.info|siteimprove.com|sixy\\.ch|skypeuripreview|slack-imgproxy|slurp|snacktory|sogou|sparkler/|spider|sputnik|statically-|staticlogin:productcbox|statuscake|summify|superfeedr|supybot|swimgbot|sysomos|teoma|theoldreader.com|thinkchaos|thinklab|tineye|tiny tiny rss|traackr.com|tracemyfile|transcoder|trendsmapresolver|trove|turbotabbee|tweetedtimes|twingly|twurly|um-ln|unshortenit|upflow|uptime|validator\\.nu|vigil/|virustotal|vkshare|voilabot|w3c-checklink|w3c-mobileok|w3c_css_validator|w3c_unicorn|w3c_validator|webdatastats|webmon |webreaper|webthumbnail|wesee:search|wget|wget/|whatcms/|wordupinfosearch|wotbox|xenu link sleuth|y!j|yahoo link preview|yak/|yandexadnet|yandexblogs|yandexcalendar|yandexdirect|yandexfavicons|yandexfordomain|yandeximageresizer|yandeximages|yandexmarket|yandexmedia|yandexmetrika|yandexnews|yandexontodb|yandexpartner|yandexrca|yandexsearchshop|yandexsitelinks|yandextracker|yandexturbo|yandexverticals|yandexvertis|yandexvideo|yandexwebmaster|yanga|yeti|zabbix|zgrab')
),
trimmed AS (
  SELECT client, ua,
    CASE WHEN path LIKE '%/index.html' THEN substr(path, 1, length(path) - 11) ELSE path END AS path
  FROM counted
),
pages AS (
  SELECT client, ua,
    CASE WHEN length(path) > 1 AND path LIKE '%/' THEN substr(path, 1, length(path) - 1) ELSE path END AS path
  FROM trimmed
),
readers AS (
  SELECT DISTINCT path, client, ua
  FROM pages
  WHERE path NOT LIKE '/data/%'
    AND NOT match(path, '[.][^/]*$')
    AND length(path) - length(replace(path, '/', '')) >= 5
)
SELECT path, COUNT(*) AS count
FROM readers
GROUP BY path
ORDER BY count DESC, path
-- END COUNTING RULES
