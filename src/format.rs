//! Date formatting in the site's words (`site.json`'s `strings`: the
//! patterns and month names) and numerals. Pure functions, tested natively.

use broadsheet_model::{Site, Text};

/// The parts of an RFC 3339 timestamp that a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// Reads `2024-05-30T09:15:00+09:00` (the offset is kept as written: the
/// newsroom's local time is the time on the page).
pub fn parse_rfc3339(text: &str) -> Option<DateParts> {
    let bytes = text.as_bytes();
    if bytes.len() < 16
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !matches!(bytes[10], b'T' | b't' | b' ')
        || bytes[13] != b':'
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let parts = DateParts {
        year: number(0..4)? as i32,
        month: number(5..7)?,
        day: number(8..10)?,
        hour: number(11..13)?,
        minute: number(14..16)?,
    };
    let valid = (1..=12).contains(&parts.month)
        && (1..=days_in_month(parts.year, parts.month)).contains(&parts.day)
        && parts.hour < 24
        && parts.minute < 60;
    valid.then_some(parts)
}

/// Minutes since 1970-01-01T00:00Z of an RFC 3339 time, its offset applied:
/// for ordering times written in different zones, without the browser.
pub fn epoch_minutes(text: &str) -> Option<i64> {
    let parts = parse_rfc3339(text)?;
    let offset = match text.as_bytes().last()? {
        b'Z' | b'z' => 0,
        _ => {
            let zone = text.get(text.len().checked_sub(6)?..)?;
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hours: i64 = zone.get(1..3)?.parse().ok()?;
            let minutes: i64 = zone.get(4..6)?.parse().ok()?;
            sign * (hours * 60 + minutes)
        }
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let (year, month) = (i64::from(parts.year), i64::from(parts.month));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + i64::from(parts.day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some((days * 24 + i64::from(parts.hour)) * 60 + i64::from(parts.minute) - offset)
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// A date in the site's words (`key`: `Text::Date`, `Text::DateTime`) and numerals.
fn dated(site: &Site, key: Text, parts: DateParts) -> String {
    let day = parts.day.to_string();
    let year = parts.year.to_string();
    let time = format!("{:02}:{:02}", parts.hour, parts.minute);
    let month = Text::month(parts.month).map_or("", |month| site.text(month));
    let text = site.fill(
        key,
        &[
            ("day", &day),
            ("month", month),
            ("year", &year),
            ("time", &time),
        ],
    );
    site.digits(&text).into_owned()
}

/// "30 May 2024, 09:15": compact form for article times.
pub fn date_time(site: &Site, parts: DateParts) -> String {
    dated(site, Text::DateTime, parts)
}

/// "30 May 2024": compact form for teasers.
pub fn short_date(site: &Site, parts: DateParts) -> String {
    dated(site, Text::Date, parts)
}

/// Formats an RFC 3339 timestamp for a teaser, or returns it unchanged if it is not one.
pub fn teaser_time(site: &Site, rfc3339: &str) -> String {
    parse_rfc3339(rfc3339)
        .map(|parts| short_date(site, parts))
        .unwrap_or_else(|| rfc3339.to_owned())
}

/// The month page of a story published at `rfc3339` (`/archive/2026/11`):
/// the month its URL's date is in, which is the written date's, not UTC's.
pub fn month_url(rfc3339: &str) -> Option<String> {
    let year: u16 = rfc3339.get(..4)?.parse().ok()?;
    let month: u8 = rfc3339.get(5..7)?.parse().ok()?;
    if rfc3339.get(4..5) != Some("-") || !(1..=12).contains(&month) {
        return None;
    }
    broadsheet_model::Route::Archive {
        section: None,
        year,
        month: Some(month),
        page: 1,
    }
    .url()
}

/// Formats an RFC 3339 timestamp for an article's dateline.
pub fn article_time(site: &Site, rfc3339: &str) -> String {
    parse_rfc3339(rfc3339)
        .map(|parts| date_time(site, parts))
        .unwrap_or_else(|| rfc3339.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_different_zones_are_ordered_by_the_instant() {
        assert_eq!(epoch_minutes("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(epoch_minutes("1970-01-02T01:00:00+01:00"), Some(24 * 60));
        assert_eq!(
            epoch_minutes("2000-03-01T00:00:00Z"),
            Some(951_868_800 / 60)
        );
        assert_eq!(
            epoch_minutes("2026-12-02T16:30:00Z"),
            Some(1_796_229_000 / 60)
        );
        assert_eq!(
            epoch_minutes("2026-12-02T09:30:00-07:00"),
            epoch_minutes("2026-12-02T16:30:00Z")
        );
        assert!(epoch_minutes("2026-12-03T00:10:00+09:00") < epoch_minutes("2026-12-02T16:30:00Z"));
        assert_eq!(epoch_minutes("2026-12-02T16:30:00"), None);
        assert_eq!(epoch_minutes("2026-12-02T16:30:00+0x:00"), None);
        assert_eq!(epoch_minutes("soon"), None);
    }

    #[test]
    fn a_storys_month_page_is_its_written_dates() {
        assert_eq!(
            month_url("2026-11-30T23:30:00-05:00").as_deref(),
            Some("/archive/2026/11")
        );
        assert_eq!(
            month_url("2026-01-01T00:10:00+09:00").as_deref(),
            Some("/archive/2026/01")
        );
        assert_eq!(month_url("2026-13-01T00:00:00Z"), None);
        assert_eq!(month_url("soon"), None);
        assert_eq!(month_url(""), None);
    }

    #[test]
    fn dates_in_the_sites_language_and_numerals() {
        let cases = [
            (
                "de",
                "2026-12-02T09:05:00+01:00",
                "2. Dezember 2026, 09:05 Uhr",
            ),
            ("ja", "2026-12-02T09:05:00+09:00", "2026年12月2日 09:05"),
            ("fr", "2026-07-14T18:30:00+02:00", "14 juillet 2026 à 18:30"),
        ];
        for (language, time, expected) in cases {
            let site = crate::test_sites::site(language);
            assert_eq!(article_time(&site, time), expected, "{language}");
        }
        let mut arabic = crate::test_sites::site("ar");
        arabic.numerals = broadsheet_model::Numerals::Arab;
        assert_eq!(
            teaser_time(&arabic, "2026-12-02T09:05:00+03:00"),
            "٢ ديسمبر ٢٠٢٦"
        );
    }

    #[test]
    fn rfc3339() {
        assert_eq!(
            parse_rfc3339("2024-05-30T09:05:00+09:00"),
            Some(DateParts {
                year: 2024,
                month: 5,
                day: 30,
                hour: 9,
                minute: 5
            })
        );
        let site = crate::test_sites::english();
        assert_eq!(
            article_time(&site, "2024-05-30T09:05:00Z"),
            "30 May 2024, 09:05"
        );
        assert_eq!(teaser_time(&site, "2024-05-30T09:05:00Z"), "30 May 2024");
        for bad in [
            "",
            "2024-05-30",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-05-30T24:00:00Z",
            "yesterday at noon",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        // Unparseable times are shown as written rather than dropped.
        assert_eq!(teaser_time(&site, "yesterday"), "yesterday");
    }
}
