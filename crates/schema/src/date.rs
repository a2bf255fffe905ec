use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A publication date, in UTC.
///
/// A date known only to the day is held at midnight UTC and shows as `YYYY-MM-DD`; a date
/// with a time shows as RFC 3339. [`NewsDate::parse`] reads the forms news sites print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NewsDate(DateTime<Utc>);

/// Formats with a time of day, tried in order after RFC 3339 and RFC 2822.
const DATE_TIME_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d-%b-%Y %H:%M:%S%.f",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
];

/// Formats of a bare day.
const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d-%b-%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%b. %d, %Y",
    "%a, %d %b %Y",
    "%A, %B %d, %Y",
    "%A %d %B %Y",
];

/// Years outside this range are taken as misreadings, not dates.
const YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

impl NewsDate {
    /// Parses a date in one of the forms news sites print: RFC 3339 / ISO 8601
    /// (`2023-07-27`, `2023-07-27T10:00:00Z`), RFC 2822 (`Thu, 27 Jul 2023 10:00:00 +0000`),
    /// `12-Sep-2023`, `26-FEB-1987 15:01:01.79`, `October 19, 2023`, `Oct 19, 2023`,
    /// `19 October 2023`, `2023/07/27`. Times without a zone are taken as UTC.
    ///
    /// Returns `None` for anything else; it never guesses.
    pub fn parse(text: &str) -> Option<NewsDate> {
        let text = text.trim().trim_end_matches(['.', ',']);
        if text.len() < 6 || text.len() > 64 {
            return None;
        }
        let parsed = DateTime::parse_from_rfc3339(text)
            .or_else(|_| DateTime::parse_from_rfc2822(text))
            .map(|d| d.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                DATE_TIME_FORMATS.iter().find_map(|f| {
                    NaiveDateTime::parse_from_str(text, f)
                        .ok()
                        .map(|d| Utc.from_utc_datetime(&d))
                })
            })
            .or_else(|| {
                DATE_FORMATS.iter().find_map(|f| {
                    NaiveDate::parse_from_str(text, f)
                        .ok()
                        .map(|d| Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)))
                })
            })?;
        use chrono::Datelike;
        YEARS.contains(&parsed.year()).then_some(NewsDate(parsed))
    }

    /// The date at midnight UTC of this day.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<NewsDate> {
        let day = NaiveDate::from_ymd_opt(year, month, day)?;
        Some(NewsDate(
            Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN)),
        ))
    }

    /// The date at this many seconds since the Unix epoch.
    pub fn from_timestamp(seconds: i64) -> Option<NewsDate> {
        DateTime::from_timestamp(seconds, 0).map(NewsDate)
    }

    /// Seconds since the Unix epoch.
    pub fn timestamp(self) -> i64 {
        self.0.timestamp()
    }

    /// The date as a chrono value.
    pub fn as_chrono(self) -> DateTime<Utc> {
        self.0
    }

    /// Whether the date carries a time of day (is not exactly midnight UTC).
    pub fn has_time(self) -> bool {
        self.0.time() != NaiveTime::MIN
    }

    /// The day, as `YYYY-MM-DD`.
    pub fn day(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    /// The month, as `YYYY-MM`.
    pub fn month(self) -> String {
        self.0.format("%Y-%m").to_string()
    }

    /// The value tantivy stores. tantivy counts nanoseconds in an `i64`, so dates beyond
    /// the years 1678 to 2262 are clamped to those bounds.
    pub fn to_tantivy(self) -> tantivy::DateTime {
        const LIMIT: i64 = i64::MAX / 1_000_000_000 - 1;
        tantivy::DateTime::from_timestamp_secs(self.0.timestamp().clamp(-LIMIT, LIMIT))
    }

    /// Reads a value tantivy stored.
    pub fn from_tantivy(value: tantivy::DateTime) -> NewsDate {
        NewsDate::from_timestamp(value.into_timestamp_secs()).unwrap_or_default()
    }
}

impl Default for NewsDate {
    fn default() -> Self {
        NewsDate(DateTime::UNIX_EPOCH)
    }
}

impl From<DateTime<Utc>> for NewsDate {
    fn from(value: DateTime<Utc>) -> Self {
        NewsDate(value)
    }
}

impl fmt::Display for NewsDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_time() {
            write!(
                f,
                "{}",
                self.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            )
        } else {
            write!(f, "{}", self.day())
        }
    }
}

impl Serialize for NewsDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for NewsDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        NewsDate::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date: {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Option<String> {
        NewsDate::parse(text).map(|d| d.to_string())
    }

    #[test]
    fn parses_the_forms_news_sites_print() {
        let cases = [
            ("2023-07-27", "2023-07-27"),
            ("2023/07/27", "2023-07-27"),
            ("12-Sep-2023", "2023-09-12"),
            ("October 19, 2023", "2023-10-19"),
            ("Oct 19, 2023", "2023-10-19"),
            ("19 October 2023", "2023-10-19"),
            ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01Z"),
            ("2023-07-27T10:30:00Z", "2023-07-27T10:30:00Z"),
            ("2023-07-27T10:30:00+02:00", "2023-07-27T08:30:00Z"),
            ("Thu, 27 Jul 2023 10:30:00 +0000", "2023-07-27T10:30:00Z"),
            ("2023-07-27 10:30:00", "2023-07-27T10:30:00Z"),
        ];
        for (input, want) in cases {
            assert_eq!(shown(input).as_deref(), Some(want), "parsing {input:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for input in [
            "",
            "yesterday",
            "11 months ago 28",
            "2023-13-01",
            "2023-02-30",
            "0001-01-01",
            "In April, Kim attended",
            "12345678",
        ] {
            assert_eq!(shown(input), None, "parsing {input:?}");
        }
    }

    #[test]
    fn serializes_as_text() {
        let date = NewsDate::parse("2023-09-12").unwrap();
        let json = serde_json::to_string(&date).unwrap();
        assert_eq!(json, "\"2023-09-12\"");
        let back: NewsDate = serde_json::from_str(&json).unwrap();
        assert_eq!(back, date);
    }

    #[test]
    fn dates_beyond_tantivys_range_are_clamped_not_fatal() {
        let early = NewsDate::from_ymd(1, 1, 1).unwrap().to_tantivy();
        let late = NewsDate::from_ymd(9999, 12, 31).unwrap().to_tantivy();
        assert!(early < late);
    }

    #[test]
    fn survives_the_round_trip_through_tantivy() {
        let date = NewsDate::parse("26-FEB-1987 15:01:01").unwrap();
        assert_eq!(NewsDate::from_tantivy(date.to_tantivy()), date);
    }
}
