//! Dates as users write them in queries and filters: whole years, months, days.

use chrono::{Datelike, Duration, Months};
use newsdex_schema::NewsDate;

use crate::{Error, Result};

/// A span of time a date names: `2023` is the whole year, `2023-07` the month,
/// `2023-07-27` the day, and a full timestamp that second.
///
/// Serialized as the text it was read from (`"2023-07"`), or as
/// `{"start": …, "end": …}` for a span no single date names; both forms deserialize.
///
/// ```
/// use newsdex_query::DateSpan;
///
/// let july = DateSpan::parse("2023-07")?;
/// assert_eq!(serde_json::to_string(&july).unwrap(), r#""2023-07""#);
/// assert_eq!(serde_json::from_str::<DateSpan>(r#""2023-07""#).unwrap(), july);
/// # Ok::<(), newsdex_query::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateSpan {
    /// The first instant of the span.
    pub start: NewsDate,
    /// The first instant after the span.
    pub end: NewsDate,
}

/// The error of a text that names no date.
fn bad_date(text: &str) -> Error {
    Error::BadDate {
        text: text.to_string(),
    }
}

impl DateSpan {
    /// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or any full date [`NewsDate::parse`] reads.
    pub fn parse(text: &str) -> Result<DateSpan> {
        let text = text.trim();
        DateSpan::calendar(text).unwrap_or_else(|| {
            let start = NewsDate::parse(text).ok_or_else(|| bad_date(text))?;
            let step = if start.has_time() {
                Duration::seconds(1)
            } else {
                Duration::days(1)
            };
            DateSpan {
                start,
                end: (start.as_chrono() + step).into(),
            }
            .of_a_year(text)
        })
    }

    /// Reads exactly `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 0001 to 9999), as the
    /// search API states its dates: no other form, no space around.
    pub fn parse_calendar(text: &str) -> Result<DateSpan> {
        DateSpan::calendar(text).unwrap_or_else(|| Err(bad_date(text)))
    }

    /// The span of `text` when it is shaped as a year, a month or a day (`None` for
    /// another form): the span, or why the calendar has none.
    fn calendar(text: &str) -> Option<Result<DateSpan>> {
        let bad = || bad_date(text);
        let number = |s: &str, len: usize| -> Option<u32> {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let span = |parts: &[&str]| -> Result<DateSpan> {
            match parts {
                [year] => {
                    let year = number(year, 4).ok_or_else(bad)? as i32;
                    let start = NewsDate::from_ymd(year, 1, 1).ok_or_else(bad)?;
                    let end = NewsDate::from_ymd(year + 1, 1, 1).ok_or_else(bad)?;
                    Ok(DateSpan { start, end })
                }
                [year, month] => {
                    let year = number(year, 4).ok_or_else(bad)? as i32;
                    let month = number(month, 2).ok_or_else(bad)?;
                    let start = NewsDate::from_ymd(year, month, 1).ok_or_else(bad)?;
                    let end = start
                        .as_chrono()
                        .checked_add_months(Months::new(1))
                        .ok_or_else(bad)?;
                    Ok(DateSpan {
                        start,
                        end: end.into(),
                    })
                }
                // A day of any year a year or a month may name, as they do.
                [year, month, day] => {
                    let year = number(year, 4).ok_or_else(bad)? as i32;
                    let month = number(month, 2).ok_or_else(bad)?;
                    let day = number(day, 2).ok_or_else(bad)?;
                    let start = NewsDate::from_ymd(year, month, day).ok_or_else(bad)?;
                    Ok(DateSpan {
                        start,
                        end: (start.as_chrono() + Duration::days(1)).into(),
                    })
                }
                _ => Err(bad()),
            }
        };
        let parts: Vec<&str> = text.split('-').collect();
        let shaped = match parts.as_slice() {
            [year] => year.len() == 4,
            [_, _] => true,
            [year, month, day] => year.len() == 4 && month.len() == 2 && day.len() == 2,
            _ => false,
        };
        shaped.then(|| span(&parts).and_then(|span| span.of_a_year(text)))
    }

    /// This span, unless it starts before the year 1.
    fn of_a_year(self, text: &str) -> Result<DateSpan> {
        if self.start.as_chrono().year() < 1 {
            return Err(bad_date(text));
        }
        Ok(self)
    }

    /// The shortest date that names exactly this span (`2023`, `2023-07`, `2023-07-27`,
    /// or the instant), if one does.
    pub fn name(&self) -> Option<String> {
        let day = self.start.day();
        [
            day.get(..4).map(str::to_owned),
            day.get(..7).map(str::to_owned),
            Some(day.clone()),
            Some(self.start.to_string()),
        ]
        .into_iter()
        .flatten()
        .find(|text| DateSpan::parse(text).is_ok_and(|span| span == *self))
    }
}

impl serde::Serialize for DateSpan {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match self.name() {
            Some(name) => s.serialize_str(&name),
            None => {
                let mut range = s.serialize_struct("DateSpan", 2)?;
                range.serialize_field("start", &self.start)?;
                range.serialize_field("end", &self.end)?;
                range.end()
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for DateSpan {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<DateSpan, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Form {
            Name(String),
            Range { start: NewsDate, end: NewsDate },
        }
        match Form::deserialize(d)? {
            Form::Name(text) => DateSpan::parse(&text).map_err(serde::de::Error::custom),
            Form::Range { start, end } => Ok(DateSpan { start, end }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> (String, String) {
        let s = DateSpan::parse(text).unwrap();
        (s.start.to_string(), s.end.to_string())
    }

    #[test]
    fn years_months_days_and_instants() {
        assert_eq!(span("2023"), ("2023-01-01".into(), "2024-01-01".into()));
        assert_eq!(span("2023-07"), ("2023-07-01".into(), "2023-08-01".into()));
        assert_eq!(span("2023-12"), ("2023-12-01".into(), "2024-01-01".into()));
        assert_eq!(
            span("2023-07-27"),
            ("2023-07-27".into(), "2023-07-28".into())
        );
        assert_eq!(
            span("2023-07-27T10:00:00Z"),
            ("2023-07-27T10:00:00Z".into(), "2023-07-27T10:00:01Z".into())
        );
    }

    #[test]
    fn a_span_is_named_by_the_date_it_was_read_from() {
        for text in ["2023", "2023-07", "2023-07-27", "2023-07-27T10:00:00Z"] {
            assert_eq!(DateSpan::parse(text).unwrap().name().as_deref(), Some(text));
        }
        let odd = DateSpan {
            start: NewsDate::parse("2023-07-01").unwrap(),
            end: NewsDate::parse("2023-07-03").unwrap(),
        };
        assert_eq!(odd.name(), None);
        let json = serde_json::to_string(&odd).unwrap();
        assert_eq!(json, r#"{"start":"2023-07-01","end":"2023-07-03"}"#);
        assert_eq!(serde_json::from_str::<DateSpan>(&json).unwrap(), odd);
    }

    #[test]
    fn a_day_takes_the_years_a_year_takes() {
        for year in ["0001", "1500", "2500", "9907"] {
            assert!(DateSpan::parse(year).is_ok(), "{year}");
            assert!(DateSpan::parse(&format!("{year}-01")).is_ok(), "{year}");
            assert_eq!(
                span(&format!("{year}-01-22")).0,
                format!("{year}-01-22"),
                "{year}"
            );
        }
        assert_eq!(span("2024-02-29").1, "2024-03-01");
        for text in [
            "0000",
            "0000-01",
            "0000-01-01",
            "2023-02-29",
            "2100-02-29",
            "1987-04-31",
        ] {
            assert!(DateSpan::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn the_calendar_forms_are_read_alone() {
        for text in ["2023", "2023-07", "2023-07-27", "0001-01-01"] {
            assert_eq!(
                DateSpan::parse_calendar(text).unwrap(),
                DateSpan::parse(text).unwrap(),
                "{text}"
            );
        }
        for text in [
            " 2023",
            "2023-07-27T10:00:00Z",
            "2023-7",
            "1987-04-1",
            "0000",
            "",
        ] {
            assert!(DateSpan::parse_calendar(text).is_err(), "{text:?}");
        }
        assert!(DateSpan::parse("2023-07-27T10:00:00Z").is_ok());
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for text in [
            "",
            "23",
            "2023-7",
            "2023-13",
            "2023-02-30",
            "yesterday",
            "20230",
        ] {
            assert!(DateSpan::parse(text).is_err(), "{text:?}");
        }
    }
}
