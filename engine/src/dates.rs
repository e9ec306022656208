//! Calendar dates as whole days. `time` validates dates (no 31 April);
//! the month arithmetic that screening needs ("within 6 months") lives here.

use time::{Date, Month};

/// A calendar date, stored as its Julian day number so that comparisons and
/// differences in days are plain integer sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

pub fn parse_date(s: &str) -> Option<Day> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: i32 = s.get(0..4)?.parse().ok()?;
    let month: u8 = s.get(5..7)?.parse().ok()?;
    let day: u8 = s.get(8..10)?.parse().ok()?;
    let month = Month::try_from(month).ok()?;
    Date::from_calendar_date(year, month, day).ok().map(|d| Day(d.to_julian_day()))
}

/// What is wrong with a date as a person typed it, for the GOV.UK date input
/// messages ("Date of birth must include a month", "Year must include 4 numbers").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedDate {
    /// Day, month or year left out: "a day", "a month and year".
    Missing(&'static str),
    /// A year of fewer or more than 4 numbers.
    ShortYear,
    /// Every part given, but no such day (31/2/2011).
    NotReal,
    /// Not written as a date at all.
    NotADate,
}

/// A date from a form: `YYYY-MM-DD`, or day, month and year as a person types
/// them (`3/4/2011`, `03.04.2011`, `3-4-2011`, `3 4 2011`), which is how a
/// council's single date box and GOV.UK's three boxes arrive. The reader owns
/// this, so that every page and the CLI read dates alike.
pub fn read_form_date(s: &str) -> Result<Day, TypedDate> {
    let s = s.trim();
    if let Some(d) = parse_date(s) {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split(['/', '.', '-', ' ']).collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(TypedDate::NotADate);
    }
    // An ISO date of the right shape that does not exist (2026-02-30).
    if parts[0].len() == 4 && parts[1].len() == 2 && parts[2].len() == 2 {
        return Err(TypedDate::NotReal);
    }
    const MISSING: [&str; 7] =
        ["a day", "a month", "a day and month", "a year", "a day and year", "a month and year", "a day, month and year"];
    let gaps = parts.iter().enumerate().filter(|(_, p)| p.is_empty()).fold(0usize, |acc, (i, _)| acc | 1 << i);
    if gaps != 0 {
        return Err(TypedDate::Missing(MISSING[gaps - 1]));
    }
    if parts[2].len() != 4 {
        return Err(TypedDate::ShortYear);
    }
    let (Ok(day), Ok(month), Ok(year)) = (parts[0].parse::<u8>(), parts[1].parse::<u8>(), parts[2].parse::<i32>()) else {
        return Err(TypedDate::NotReal);
    };
    let month = Month::try_from(month).map_err(|_| TypedDate::NotReal)?;
    Date::from_calendar_date(year, month, day).map(|d| Day(d.to_julian_day())).map_err(|_| TypedDate::NotReal)
}

impl Day {
    fn date(self) -> Date {
        Date::from_julian_day(self.0).unwrap_or(Date::MIN)
    }
    pub fn ymd(self) -> (i32, u8, u8) {
        let d = self.date();
        (d.year(), d.month() as u8, d.day())
    }
    /// Move by whole months, keeping the day where the month allows it
    /// (31 March minus one month is 28 or 29 February).
    pub fn add_months(self, months: i64) -> Day {
        let (y, m, d) = self.ymd();
        let total = y as i64 * 12 + (m as i64 - 1) + months;
        let ny = total.div_euclid(12).clamp(-9999, 9999) as i32;
        let nm = Month::try_from((total.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
        let last = nm.length(ny);
        Date::from_calendar_date(ny, nm, d.min(last)).map(|x| Day(x.to_julian_day())).unwrap_or(self)
    }
    /// Whole months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: Day) -> i64 {
        if later < self {
            return -later.months_until(self);
        }
        let (y1, m1, _) = self.ymd();
        let (y2, m2, _) = later.ymd();
        let mut months = (y2 as i64 - y1 as i64) * 12 + (m2 as i64 - m1 as i64);
        if self.add_months(months) > later {
            months -= 1;
        }
        months
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn impossible_dates_are_refused() {
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("26-01-01").is_none());
    }
    #[test]
    fn whole_years_and_months() {
        let dob = parse_date("2011-11-24").unwrap();
        let on = parse_date("2026-11-23").unwrap();
        assert_eq!(dob.months_until(on) / 12, 14);
        let on = parse_date("2026-11-24").unwrap();
        assert_eq!(dob.months_until(on) / 12, 15);
        assert_eq!(parse_date("2026-03-31").unwrap().add_months(-1).to_string(), "2026-02-28");
    }
}

#[cfg(test)]
mod typed_tests {
    use super::*;

    #[test]
    fn dates_as_people_type_them() {
        let iso = parse_date("2011-04-03");
        assert_eq!(read_form_date("3/4/2011").ok(), iso);
        assert_eq!(read_form_date(" 03.04.2011 ").ok(), iso);
        assert_eq!(read_form_date("3-4-2011").ok(), iso);
        assert_eq!(read_form_date("3 4 2011").ok(), iso);
        assert_eq!(read_form_date("2011-04-03").ok(), iso);
        assert_eq!(read_form_date("3/4/11"), Err(TypedDate::ShortYear));
        assert_eq!(read_form_date("/4/2011"), Err(TypedDate::Missing("a day")));
        assert_eq!(read_form_date("3//2011"), Err(TypedDate::Missing("a month")));
        assert_eq!(read_form_date("3/4/"), Err(TypedDate::Missing("a year")));
        assert_eq!(read_form_date("//2011"), Err(TypedDate::Missing("a day and month")));
        assert_eq!(read_form_date("31/2/2011"), Err(TypedDate::NotReal));
        assert_eq!(read_form_date("2026-02-30"), Err(TypedDate::NotReal));
        assert_eq!(read_form_date("99/99/2011"), Err(TypedDate::NotReal));
        assert_eq!(read_form_date("next tuesday"), Err(TypedDate::NotADate));
        assert_eq!(read_form_date("3/4"), Err(TypedDate::NotADate));
        assert_eq!(read_form_date("3/4/999999999999"), Err(TypedDate::ShortYear));
    }
}
