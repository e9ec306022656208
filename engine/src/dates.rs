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
