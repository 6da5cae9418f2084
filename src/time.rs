//! Time values that read and write JSON exactly like Go.
//!
//! Two wrappers around [`chrono`] values are provided:
//!
//! * [`GoTime`] behaves like Go's `time.Time` in `encoding/json`: it is written in RFC 3339
//!   form with nanosecond precision (trailing zeros of the fraction dropped) and keeps the
//!   UTC offset it was read with.
//! * [`KubeTime`] behaves like the Kubernetes `metav1.Time` type: it is written in UTC with
//!   whole seconds, and the zero time is written as JSON `null`.
//!
//! Both read the same strict RFC 3339 layout,
//! `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`; see [`GoTime::parse`].

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::time::SystemTime;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone,
    Timelike, Utc,
};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::{self, Serializer};
use serde::{Deserialize, Serialize};

/// Number of nanoseconds in one second.
const NANOS_PER_SEC: u32 = 1_000_000_000;

/// Go's zero time, `0001-01-01T00:00:00Z`.
const ZERO_UTC: DateTime<Utc> = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(date) => date.and_time(NaiveTime::MIN).and_utc(),
    None => DateTime::<Utc>::MIN_UTC,
};

/// What the parser asks for when a time zone is missing or malformed.
const EXPECTED_ZONE: &str = "time zone 'Z', '+hh:mm' or '-hh:mm'";

/// An error from reading or writing a time value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The input was the empty string, which is not a time.
    #[error("invalid time \"\": empty string")]
    Empty,

    /// The input does not follow the RFC 3339 layout: at byte `offset` of `input` the parser
    /// needed `expected` but found something else or the end of the input.
    #[error("invalid time {input:?}: expected {expected} at byte {offset}")]
    Layout {
        /// The complete text that was being parsed.
        input: String,
        /// Byte offset into `input` where the problem was found.
        offset: usize,
        /// A description of what the parser needed at that offset.
        expected: &'static str,
    },

    /// A field has the right layout but its value is out of range, such as month 13,
    /// February 30, second 60 or an offset of 24 hours.
    #[error("invalid time {input:?}: {field} {value} out of range {min}..={max}")]
    OutOfRange {
        /// The complete text that was being parsed.
        input: String,
        /// The field that is out of range: `"month"`, `"day"`, `"hour"`, `"minute"`,
        /// `"second"`, `"offset hour"` or `"offset minute"`.
        field: &'static str,
        /// The value that was read.
        value: u32,
        /// The smallest value allowed for the field.
        min: u32,
        /// The largest value allowed for the field, for a day taking month and leap year
        /// into account.
        max: u32,
    },

    /// A time cannot be written because its year, in the offset it is written with, has
    /// more or fewer than four digits; Go refuses to write such times too.
    #[error("cannot write time: year {year} outside of range [0,9999]")]
    YearOutOfRange {
        /// The year that was out of range.
        year: i32,
    },
}

/// A point in time that reads and writes JSON like Go's `time.Time`.
///
/// The value is an instant with nanosecond precision plus the UTC offset it carries, as Go
/// keeps them. It is written as an RFC 3339 string with up to nine fraction digits (trailing
/// zeros dropped) and its own offset (`Z` for offset zero), for example
/// `"2026-04-01T12:00:00.5+02:00"`. When read, JSON `null` gives the zero time
/// `0001-01-01T00:00:00Z`, which is also the [`Default`].
///
/// Equality and hashing are structural: two values are equal only if they denote the same
/// instant *and* carry the same offset, so `12:00:00+02:00` differs from `10:00:00Z`. Use
/// [`GoTime::cmp_instant`] or [`GoTime::to_utc`] to compare instants.
///
/// # Example
///
/// ```
/// use conductor_sdk::GoTime;
///
/// let t = GoTime::parse("2026-04-01T12:00:00.500+02:00")?;
/// assert_eq!(t.to_string(), "2026-04-01T12:00:00.5+02:00");
/// assert_eq!(t.to_utc().to_rfc3339(), "2026-04-01T10:00:00.500+00:00");
///
/// let json = serde_json::to_string(&t)?;
/// assert_eq!(json, r#""2026-04-01T12:00:00.5+02:00""#);
/// assert_eq!(serde_json::from_str::<GoTime>(&json)?, t);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct GoTime(DateTime<FixedOffset>);

impl GoTime {
    /// Returns Go's zero time, `0001-01-01T00:00:00Z`.
    #[must_use]
    pub fn zero() -> GoTime {
        GoTime(ZERO_UTC.fixed_offset())
    }

    /// Returns the current time, in UTC.
    #[must_use]
    pub fn now() -> GoTime {
        GoTime::from(DateTime::<Utc>::from(SystemTime::now()))
    }

    /// Reports whether this is the instant `0001-01-01T00:00:00Z`, whatever its offset.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.0 == ZERO_UTC
    }

    /// Parses an RFC 3339 time the way Go's `time.Time` reads it from JSON.
    ///
    /// The accepted layout is exactly `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`
    /// with a four-digit year, an uppercase `T` and `Z`, and every field range checked
    /// (including the number of days in the month, and no second 60). The fraction is a `.`
    /// followed by at least one digit; digits past the ninth are ignored. The offset hour
    /// must be 00–23 and the minute 00–59; `+00:00` and `-00:00` both mean UTC. Nothing may
    /// follow the time zone.
    ///
    /// # Errors
    ///
    /// Returns [`TimeError::Empty`] for the empty string, [`TimeError::Layout`] when the text
    /// does not follow the layout and [`TimeError::OutOfRange`] when a field is out of range.
    pub fn parse(input: &str) -> Result<GoTime, TimeError> {
        parse_rfc3339(input).map(GoTime)
    }

    /// Returns the same instant in UTC.
    #[must_use]
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.0.with_timezone(&Utc)
    }

    /// Compares the instants of two times, ignoring their offsets.
    #[must_use]
    pub fn cmp_instant(&self, other: &GoTime) -> Ordering {
        self.0.cmp(&other.0)
    }

    /// Returns the wrapped date and time with its offset.
    #[must_use]
    pub fn as_datetime(&self) -> &DateTime<FixedOffset> {
        &self.0
    }

    /// Fails with [`TimeError::YearOutOfRange`] if Go would refuse to write this time.
    fn check_writable(&self) -> Result<(), TimeError> {
        check_year(self.0.year())
    }
}

impl Default for GoTime {
    fn default() -> GoTime {
        GoTime::zero()
    }
}

impl PartialEq for GoTime {
    fn eq(&self, other: &GoTime) -> bool {
        self.0 == other.0 && self.0.offset() == other.0.offset()
    }
}

impl Eq for GoTime {}

impl Hash for GoTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.naive_utc().hash(state);
        self.0.offset().hash(state);
    }
}

impl From<DateTime<FixedOffset>> for GoTime {
    /// Wraps a date and time, keeping its offset. A leap second (which Go cannot hold) is
    /// moved to the first second of the next minute.
    fn from(value: DateTime<FixedOffset>) -> GoTime {
        GoTime(fold_leap_second(value))
    }
}

impl From<DateTime<Utc>> for GoTime {
    /// Wraps a UTC date and time, with offset zero. A leap second (which Go cannot hold) is
    /// moved to the first second of the next minute.
    fn from(value: DateTime<Utc>) -> GoTime {
        GoTime::from(value.fixed_offset())
    }
}

impl fmt::Display for GoTime {
    /// Writes the time in Go's `RFC3339Nano` form, such as `2026-04-01T12:00:00.5+02:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let offset = self.0.offset().local_minus_utc();
        write_rfc3339(f, &self.0.naive_local(), true, offset)
    }
}

impl FromStr for GoTime {
    type Err = TimeError;

    /// Parses a time exactly like [`GoTime::parse`].
    fn from_str(s: &str) -> Result<GoTime, TimeError> {
        GoTime::parse(s)
    }
}

impl Serialize for GoTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.check_writable().map_err(ser::Error::custom)?;
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for GoTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<GoTime, D::Error> {
        deserializer.deserialize_any(GoTimeVisitor)
    }
}

/// Reads a [`GoTime`] from a string or `null`.
struct GoTimeVisitor;

impl<'de> Visitor<'de> for GoTimeVisitor {
    type Value = GoTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 time string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<GoTime, E> {
        GoTime::parse(v).map_err(E::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<GoTime, E> {
        Ok(GoTime::zero())
    }

    fn visit_none<E: de::Error>(self) -> Result<GoTime, E> {
        Ok(GoTime::zero())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<GoTime, D::Error> {
        GoTime::deserialize(deserializer)
    }
}

/// A point in time that reads and writes JSON like the Kubernetes `metav1.Time` type.
///
/// It is written in UTC with whole seconds, for example `"2026-04-01T10:00:00Z"`: any
/// fraction is dropped (truncated, not rounded) and other offsets are converted to UTC. The
/// zero time `0001-01-01T00:00:00Z` (the [`Default`]) is written as JSON `null`, and `null`
/// reads back as the zero time.
///
/// When read, the same strict RFC 3339 layout as [`GoTime::parse`] is accepted and the
/// instant is kept as read, including any fraction of a second; only the offset is not kept.
/// Equality, hashing and ordering compare that held instant exactly, not the written form:
/// two values that differ only in their fraction are not equal even though both are written
/// the same way.
///
/// [`Display`](fmt::Display) writes the same text as JSON without the quotes; the zero time
/// is displayed as `0001-01-01T00:00:00Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KubeTime(DateTime<Utc>);

impl KubeTime {
    /// Returns the zero time, `0001-01-01T00:00:00Z`, which is written as JSON `null`.
    #[must_use]
    pub fn zero() -> KubeTime {
        KubeTime(ZERO_UTC)
    }

    /// Returns the current time, keeping its fraction of a second in memory.
    #[must_use]
    pub fn now() -> KubeTime {
        KubeTime::from(DateTime::<Utc>::from(SystemTime::now()))
    }

    /// Reports whether this is the zero time `0001-01-01T00:00:00Z` exactly.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.0 == ZERO_UTC
    }

    /// Parses an RFC 3339 time with the same rules as [`GoTime::parse`], converting it to
    /// UTC and keeping any fraction of a second.
    ///
    /// # Errors
    ///
    /// Returns the same errors as [`GoTime::parse`].
    pub fn parse(input: &str) -> Result<KubeTime, TimeError> {
        let time = KubeTime::from(GoTime::parse(input)?);
        // Kubernetes writes the time in UTC, which may move the year out of four digits
        // (`0000-01-01T00:30:00+01:00`); such a time could be read but never written back.
        check_year(time.0.year())?;
        Ok(time)
    }

    /// Returns the held instant, including any fraction of a second.
    #[must_use]
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.0
    }

    /// Compares the held instants of two times; the same as [`Ord::cmp`].
    #[must_use]
    pub fn cmp_instant(&self, other: &KubeTime) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl Default for KubeTime {
    fn default() -> KubeTime {
        KubeTime::zero()
    }
}

impl From<DateTime<Utc>> for KubeTime {
    /// Wraps a UTC date and time. A leap second (which Go cannot hold) is moved to the
    /// first second of the next minute.
    fn from(value: DateTime<Utc>) -> KubeTime {
        KubeTime(fold_leap_second(value))
    }
}

impl From<GoTime> for KubeTime {
    /// Takes the instant of a [`GoTime`], dropping its offset but keeping its fraction.
    fn from(value: GoTime) -> KubeTime {
        KubeTime(value.to_utc())
    }
}

impl fmt::Display for KubeTime {
    /// Writes the time in UTC with whole seconds, such as `2026-04-01T10:00:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_rfc3339(f, &self.0.naive_utc(), false, 0)
    }
}

impl FromStr for KubeTime {
    type Err = TimeError;

    /// Parses a time exactly like [`KubeTime::parse`].
    fn from_str(s: &str) -> Result<KubeTime, TimeError> {
        KubeTime::parse(s)
    }
}

impl Serialize for KubeTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_zero() {
            return serializer.serialize_none();
        }
        check_year(self.0.year()).map_err(ser::Error::custom)?;
        serializer.serialize_some(&DisplayAsString(self))
    }
}

impl<'de> Deserialize<'de> for KubeTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KubeTime, D::Error> {
        deserializer.deserialize_option(KubeTimeVisitor)
    }
}

/// Serializes a value as a string made by its [`fmt::Display`] implementation.
struct DisplayAsString<'a, T>(&'a T);

impl<T: fmt::Display> Serialize for DisplayAsString<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// Reads a [`KubeTime`] from a string or `null`.
struct KubeTimeVisitor;

impl<'de> Visitor<'de> for KubeTimeVisitor {
    type Value = KubeTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 time string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<KubeTime, E> {
        KubeTime::parse(v).map_err(E::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<KubeTime, E> {
        Ok(KubeTime::zero())
    }

    fn visit_none<E: de::Error>(self) -> Result<KubeTime, E> {
        Ok(KubeTime::zero())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<KubeTime, D::Error> {
        deserializer.deserialize_str(KubeTimeVisitor)
    }
}

/// Fails with [`TimeError::YearOutOfRange`] unless `year` has exactly four digits.
fn check_year(year: i32) -> Result<(), TimeError> {
    if (0..=9999).contains(&year) {
        Ok(())
    } else {
        Err(TimeError::YearOutOfRange { year })
    }
}

/// Moves a chrono leap second (nanoseconds of one billion or more) to the next second, as
/// Go normalizes second 60.
fn fold_leap_second<Tz: TimeZone>(value: DateTime<Tz>) -> DateTime<Tz> {
    let nanos = value.nanosecond();
    if nanos < NANOS_PER_SEC {
        return value;
    }
    value
        .with_nanosecond(nanos - NANOS_PER_SEC)
        .zip(TimeDelta::try_seconds(1))
        .and_then(|(t, second)| t.checked_add_signed(second))
        .unwrap_or(value)
}

/// Writes `local` (the wall clock in the written offset) in RFC 3339 form, with the
/// nanoseconds (trailing zeros dropped) if `nanos` is set, followed by the offset as Go
/// writes it: `Z` for zero, else whole minutes as `+hh:mm` or `-hh:mm`.
fn write_rfc3339(
    f: &mut fmt::Formatter<'_>,
    local: &NaiveDateTime,
    nanos: bool,
    offset_secs: i32,
) -> fmt::Result {
    if let Some(text) = Rfc3339::new(local, nanos, offset_secs) {
        return f.write_str(text.as_str());
    }
    let year = local.year();
    if year < 0 {
        f.write_str("-")?;
    }
    write!(
        f,
        "{:04}-{:02}-{:02}",
        year.unsigned_abs(),
        local.month(),
        local.day()
    )?;
    write!(
        f,
        "T{:02}:{:02}:{:02}",
        local.hour(),
        local.minute(),
        local.second()
    )?;
    if nanos {
        write_fraction(f, local.nanosecond())?;
    }
    write_offset(f, offset_secs)
}

/// An RFC 3339 time written into a fixed buffer, digit by digit: the fast path for the
/// four-digit years every writable time has.
struct Rfc3339 {
    bytes: [u8; 35],
    len: usize,
}

impl Rfc3339 {
    /// The text for `local`, or `None` when the year has not four digits or the offset is
    /// not whole minutes under a day (the slower general path writes those).
    fn new(local: &NaiveDateTime, nanos: bool, offset_secs: i32) -> Option<Rfc3339> {
        let year = u32::try_from(local.year()).ok().filter(|y| *y <= 9999)?;
        let mut out = Rfc3339 {
            bytes: [0; 35],
            len: 0,
        };
        out.digits(year, 4);
        out.push(b'-');
        out.digits(local.month(), 2);
        out.push(b'-');
        out.digits(local.day(), 2);
        out.push(b'T');
        out.digits(local.hour(), 2);
        out.push(b':');
        out.digits(local.minute(), 2);
        out.push(b':');
        out.digits(local.second(), 2);
        if nanos {
            out.fraction(local.nanosecond())?;
        }
        out.offset(offset_secs)?;
        Some(out)
    }

    fn push(&mut self, byte: u8) {
        self.bytes[self.len] = byte;
        self.len += 1;
    }

    /// Writes `value` as exactly `width` decimal digits.
    fn digits(&mut self, mut value: u32, width: usize) {
        for index in (0..width).rev() {
            self.bytes[self.len + index] = b'0' + (value % 10) as u8;
            value /= 10;
        }
        self.len += width;
    }

    fn fraction(&mut self, nanos: u32) -> Option<()> {
        if nanos >= NANOS_PER_SEC {
            return None;
        }
        if nanos == 0 {
            return Some(());
        }
        let (mut value, mut width) = (nanos, 9);
        while value % 10 == 0 {
            value /= 10;
            width -= 1;
        }
        self.push(b'.');
        self.digits(value, width);
        Some(())
    }

    fn offset(&mut self, offset_secs: i32) -> Option<()> {
        if offset_secs == 0 {
            self.push(b'Z');
            return Some(());
        }
        let minutes = offset_secs / 60;
        let (sign, minutes) = (
            if minutes < 0 { b'-' } else { b'+' },
            minutes.unsigned_abs(),
        );
        if minutes >= 24 * 60 {
            return None;
        }
        self.push(sign);
        self.digits(minutes / 60, 2);
        self.push(b':');
        self.digits(minutes % 60, 2);
        Some(())
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits and punctuation are ever written.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// Writes `.` and the nanoseconds without trailing zeros, or nothing if they are zero.
fn write_fraction(f: &mut fmt::Formatter<'_>, nanos: u32) -> fmt::Result {
    if nanos == 0 {
        return Ok(());
    }
    let (mut value, mut width) = (nanos, 9);
    while value % 10 == 0 {
        value /= 10;
        width -= 1;
    }
    write!(f, ".{value:0width$}")
}

/// Writes a UTC offset as Go does: `Z` for zero, else the whole minutes as `+hh:mm`/`-hh:mm`.
fn write_offset(f: &mut fmt::Formatter<'_>, offset_secs: i32) -> fmt::Result {
    if offset_secs == 0 {
        return f.write_str("Z");
    }
    let minutes = offset_secs / 60;
    let sign = if minutes < 0 { '-' } else { '+' };
    let minutes = minutes.unsigned_abs();
    write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses the strict RFC 3339 layout described at [`GoTime::parse`].
fn parse_rfc3339(input: &str) -> Result<DateTime<FixedOffset>, TimeError> {
    if input.is_empty() {
        return Err(TimeError::Empty);
    }
    let mut parser = Parser { input, pos: 0 };
    let date = parser.date()?;
    parser.literal(b'T', "'T'")?;
    let (hour, minute, second) = parser.clock()?;
    let nanos = parser.fraction()?;
    let offset = parser.offset()?;
    parser.end()?;
    let naive = date
        .and_hms_nano_opt(hour, minute, second, nanos)
        .ok_or_else(|| parser.unrepresentable())?;
    let offset = FixedOffset::east_opt(offset).ok_or_else(|| parser.unrepresentable())?;
    offset
        .from_local_datetime(&naive)
        .single()
        .ok_or_else(|| parser.unrepresentable())
}

/// A cursor over the bytes of the text being parsed.
struct Parser<'a> {
    input: &'a str,
    pos: usize,
}

impl Parser<'_> {
    /// Parses `YYYY-MM-DD`, checking the day against the month and leap years.
    fn date(&mut self) -> Result<NaiveDate, TimeError> {
        let year = self.number(4, "4-digit year")?;
        self.literal(b'-', "'-'")?;
        let month = self.field(MONTH)?;
        self.literal(b'-', "'-'")?;
        let day = self.field(Field {
            max: days_in_month(year, month),
            ..DAY
        })?;
        let year = i32::try_from(year).map_err(|_| self.unrepresentable())?;
        NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| self.unrepresentable())
    }

    /// Parses `HH:MM:SS` and returns hour, minute and second.
    fn clock(&mut self) -> Result<(u32, u32, u32), TimeError> {
        let hour = self.field(HOUR)?;
        self.literal(b':', "':'")?;
        let minute = self.field(MINUTE)?;
        self.literal(b':', "':'")?;
        let second = self.field(SECOND)?;
        Ok((hour, minute, second))
    }

    /// Parses an optional `.` and digits, returning nanoseconds; digits past nine are
    /// ignored.
    fn fraction(&mut self) -> Result<u32, TimeError> {
        if self.peek() != Some(b'.') {
            return Ok(0);
        }
        self.pos += 1;
        let (mut nanos, mut width, mut any_digit) = (0, 9, false);
        while let Some(digit) = self.digit() {
            if width > 0 {
                nanos = nanos * 10 + digit;
                width -= 1;
            }
            any_digit = true;
        }
        if !any_digit {
            return Err(self.layout(self.pos, "digit after '.'"));
        }
        Ok(nanos * 10u32.pow(width))
    }

    /// Parses `Z`, `+HH:MM` or `-HH:MM` and returns the offset east of UTC in seconds.
    fn offset(&mut self) -> Result<i32, TimeError> {
        let sign = match self.peek() {
            Some(b'Z') => {
                self.pos += 1;
                return Ok(0);
            }
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(self.layout(self.pos, EXPECTED_ZONE)),
        };
        self.pos += 1;
        let hours = self.field(OFFSET_HOUR)?;
        self.literal(b':', "':'")?;
        let minutes = self.field(OFFSET_MINUTE)?;
        let seconds =
            i32::try_from(hours * 3600 + minutes * 60).map_err(|_| self.unrepresentable())?;
        Ok(sign * seconds)
    }

    /// Fails unless the whole input has been read.
    fn end(&self) -> Result<(), TimeError> {
        if self.pos == self.input.len() {
            Ok(())
        } else {
            Err(self.layout(self.pos, "end of input"))
        }
    }

    /// Reads a two-digit field and checks that it is within the field's range.
    fn field(&mut self, field: Field) -> Result<u32, TimeError> {
        let value = self.number(2, field.layout)?;
        if (field.min..=field.max).contains(&value) {
            Ok(value)
        } else {
            Err(self.out_of_range(field, value))
        }
    }

    /// Reads a number of exactly `width` ASCII digits, described as `what` in errors.
    fn number(&mut self, width: usize, what: &'static str) -> Result<u32, TimeError> {
        let start = self.pos;
        let mut value = 0;
        for _ in 0..width {
            let digit = self.digit().ok_or_else(|| self.layout(start, what))?;
            value = value * 10 + digit;
        }
        Ok(value)
    }

    /// Consumes `byte` if it comes next, else fails saying `expected`.
    fn literal(&mut self, byte: u8, expected: &'static str) -> Result<(), TimeError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.layout(self.pos, expected))
        }
    }

    /// Consumes and returns the next byte's value if it is an ASCII digit.
    fn digit(&mut self) -> Option<u32> {
        let byte = self.peek().filter(u8::is_ascii_digit)?;
        self.pos += 1;
        Some(u32::from(byte - b'0'))
    }

    /// Returns the next byte without consuming it.
    fn peek(&self) -> Option<u8> {
        self.input.as_bytes().get(self.pos).copied()
    }

    /// Builds a layout error at byte `offset`.
    fn layout(&self, offset: usize, expected: &'static str) -> TimeError {
        TimeError::Layout {
            input: self.input.to_owned(),
            offset,
            expected,
        }
    }

    /// Builds an out-of-range error for `field`.
    fn out_of_range(&self, field: Field, value: u32) -> TimeError {
        TimeError::OutOfRange {
            input: self.input.to_owned(),
            field: field.name,
            value,
            min: field.min,
            max: field.max,
        }
    }

    /// Builds the error for a checked time that chrono still cannot represent; this is not
    /// expected to happen for any input.
    fn unrepresentable(&self) -> TimeError {
        self.layout(0, "a representable date and time")
    }
}

/// A two-digit field of the layout and its allowed range.
#[derive(Clone, Copy)]
struct Field {
    /// The field's name in range errors.
    name: &'static str,
    /// What layout errors say was expected.
    layout: &'static str,
    /// The smallest allowed value.
    min: u32,
    /// The largest allowed value.
    max: u32,
}

impl Field {
    /// Builds a field description.
    const fn new(name: &'static str, layout: &'static str, min: u32, max: u32) -> Field {
        Field {
            name,
            layout,
            min,
            max,
        }
    }
}

// The two-digit fields of the layout; the day's maximum is narrowed per month.
const MONTH: Field = Field::new("month", "2-digit month", 1, 12);
const DAY: Field = Field::new("day", "2-digit day", 1, 31);
const HOUR: Field = Field::new("hour", "2-digit hour", 0, 23);
const MINUTE: Field = Field::new("minute", "2-digit minute", 0, 59);
const SECOND: Field = Field::new("second", "2-digit second", 0, 59);
const OFFSET_HOUR: Field = Field::new("offset hour", "2-digit offset hour", 0, 23);
const OFFSET_MINUTE: Field = Field::new("offset minute", "2-digit offset minute", 0, 59);

/// Returns the number of days in `month` (1–12) of `year` in the proleptic Gregorian
/// calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reports whether `year` is a Gregorian leap year.
fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn go(s: &str) -> GoTime {
        GoTime::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn fixed(hours: i32) -> FixedOffset {
        FixedOffset::east_opt(hours * 3600).expect("valid offset")
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ns: u32) -> DateTime<Utc> {
        let date = NaiveDate::from_ymd_opt(y, mo, d).expect("valid date");
        date.and_hms_nano_opt(h, mi, s, ns)
            .expect("valid time")
            .and_utc()
    }

    fn go_json_round_trip(json: &str) {
        let t: GoTime = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(serde_json::to_string(&t).expect("writes"), json);
    }

    #[test]
    fn go_round_trips_byte_for_byte() {
        for json in [
            r#""2026-04-01T09:59:58.000000123Z""#,
            r#""2026-04-01T10:02:31.5Z""#,
            r#""2026-03-10T12:09:59.999999999Z""#,
            r#""2026-06-20T18:30:00.000001Z""#,
            r#""2026-08-08T08:08:08.08Z""#,
            r#""0001-01-01T00:00:00Z""#,
            r#""2026-04-01T12:00:00.5+02:00""#,
            r#""2026-04-01T12:00:00-05:30""#,
            r#""0000-01-01T00:00:00+01:00""#,
            r#""9999-12-31T23:59:59.999999999-23:59""#,
        ] {
            go_json_round_trip(json);
        }
    }

    #[test]
    fn go_zero_offsets_write_as_z() {
        for s in ["2026-04-01T12:00:00+00:00", "2026-04-01T12:00:00-00:00"] {
            let t = go(s);
            assert_eq!(t.as_datetime().offset().local_minus_utc(), 0);
            assert_eq!(t.to_string(), "2026-04-01T12:00:00Z");
            assert_eq!(t, go("2026-04-01T12:00:00Z"));
        }
    }

    #[test]
    fn go_null_reads_as_zero_and_writes_zero_time() {
        let t: GoTime = serde_json::from_str("null").expect("null reads");
        assert!(t.is_zero());
        assert_eq!(t, GoTime::default());
        assert_eq!(
            serde_json::to_string(&t).expect("writes"),
            r#""0001-01-01T00:00:00Z""#
        );
        let t: Option<GoTime> = serde_json::from_str("null").expect("null reads");
        assert_eq!(t, None);
    }

    #[test]
    fn go_reads_through_json_value() {
        let value = serde_json::json!({ "a": "2026-04-01T12:00:00.5+02:00", "b": null });
        let map: std::collections::BTreeMap<String, GoTime> =
            serde_json::from_value(value).expect("reads");
        assert_eq!(map["a"].to_string(), "2026-04-01T12:00:00.5+02:00");
        assert!(map["b"].is_zero());
    }

    #[test]
    fn go_zero_is_by_instant() {
        assert!(GoTime::zero().is_zero());
        assert_eq!(GoTime::zero().to_string(), "0001-01-01T00:00:00Z");
        assert!(go("0001-01-01T01:00:00+01:00").is_zero());
        assert!(!go("0001-01-01T00:00:00.000000001Z").is_zero());
    }

    #[test]
    fn go_refuses_bad_input() {
        for s in [
            "",
            "2026-04-01T10:00:00",
            "2026-04-01",
            "2026-04-01t10:00:00Z",
            "2026-04-01T10:00:00z",
            "2026-04-01 10:00:00Z",
            "2026-04-01T10:00:60Z",
            "2026-02-30T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "10000-01-01T00:00:00Z",
            "-001-01-01T00:00:00Z",
            "2026-04-01T10:00:00.Z",
            "2026-04-01T10:00:00,5Z",
            "2026-04-01T10:00:00+24:00",
            "2026-04-01T10:00:00+02:60",
            "2026-04-01T10:00:00+0200",
            "2026-04-01T10:00:00+02",
            "2026-04-01T10:00:00+02:00:00",
            "2026-04-01T1:00:00Z",
            "2026-4-01T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-00-01T10:00:00Z",
            "2026-04-00T10:00:00Z",
            "2026-04-31T10:00:00Z",
            "2026-04-01T24:00:00Z",
            "2026-04-01T10:60:00Z",
            "2026-04-01T10:00:00ZZ",
            "2026-04-01T10:00:00Z ",
            " 2026-04-01T10:00:00Z",
            "2026-04-01T10:00:00Zé",
            "２026-04-01T10:00:00Z",
            "2026-04-01T10:00:00+０2:00",
            "2026-04-01T10:00:00.５Z",
        ] {
            assert!(GoTime::parse(s).is_err(), "{s:?} should be refused");
            assert!(KubeTime::parse(s).is_err(), "{s:?} should be refused");
            let json = serde_json::to_string(s).expect("string");
            assert!(serde_json::from_str::<GoTime>(&json).is_err(), "{s:?}");
        }
    }

    #[test]
    fn leap_years() {
        assert_eq!(
            go("2024-02-29T00:00:00Z").to_string(),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(
            go("2000-02-29T00:00:00Z").to_string(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            go("0000-02-29T00:00:00Z").to_string(),
            "0000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn go_refuses_non_string_json() {
        for json in ["1775037600", "true", "[]", "{}", "1.5"] {
            let err = serde_json::from_str::<GoTime>(json).expect_err(json);
            let message = err.to_string();
            assert!(
                message.contains("expected an RFC 3339 time string"),
                "{message}"
            );
        }
    }

    #[test]
    fn error_messages_name_the_problem() {
        let cases = [
            (
                "2026-04-01 10:00:00Z",
                r#"invalid time "2026-04-01 10:00:00Z": expected 'T' at byte 10"#,
            ),
            (
                "2026-02-30T00:00:00Z",
                r#"invalid time "2026-02-30T00:00:00Z": day 30 out of range 1..=28"#,
            ),
            (
                "2026-04-01T10:00:60Z",
                r#"invalid time "2026-04-01T10:00:60Z": second 60 out of range 0..=59"#,
            ),
            (
                "2026-04-01T10:00:00+24:00",
                r#"invalid time "2026-04-01T10:00:00+24:00": offset hour 24 out of range 0..=23"#,
            ),
            (
                "2026-04-01T10:00:00.Z",
                r#"invalid time "2026-04-01T10:00:00.Z": expected digit after '.' at byte 20"#,
            ),
            (
                "2026-04-01T10:00:00",
                "invalid time \"2026-04-01T10:00:00\": \
                 expected time zone 'Z', '+hh:mm' or '-hh:mm' at byte 19",
            ),
            (
                "2026-04-01T10:00:00Zé",
                r#"invalid time "2026-04-01T10:00:00Zé": expected end of input at byte 20"#,
            ),
            (
                "２026-04-01T10:00:00Z",
                r#"invalid time "２026-04-01T10:00:00Z": expected 4-digit year at byte 0"#,
            ),
            ("", r#"invalid time "": empty string"#),
        ];
        for (input, message) in cases {
            let err = GoTime::parse(input).expect_err(input);
            assert_eq!(err.to_string(), message);
        }
    }

    #[test]
    fn error_variants_carry_details() {
        let err = GoTime::parse("2026-13-01T00:00:00Z").expect_err("month 13");
        let expected = TimeError::OutOfRange {
            input: "2026-13-01T00:00:00Z".to_owned(),
            field: "month",
            value: 13,
            min: 1,
            max: 12,
        };
        assert_eq!(err, expected);
        let err = GoTime::parse("2026-04-01T10:00:00z").expect_err("lowercase z");
        assert!(
            matches!(err, TimeError::Layout { offset: 19, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn deserialize_error_includes_reason() {
        let err = serde_json::from_str::<GoTime>(r#""2026-02-30T00:00:00Z""#).expect_err("day");
        assert!(err.to_string().contains("day 30 out of range"), "{err}");
    }

    #[test]
    fn fraction_beyond_nine_digits_is_truncated() {
        let t = go("2026-04-01T10:00:00.123456789999Z");
        assert_eq!(t.as_datetime().nanosecond(), 123_456_789);
        assert_eq!(t.to_string(), "2026-04-01T10:00:00.123456789Z");
        assert_eq!(
            go("2026-04-01T10:00:00.000000000999Z").to_string(),
            "2026-04-01T10:00:00Z"
        );
        assert_eq!(
            go("2026-04-01T10:00:00.100Z").to_string(),
            "2026-04-01T10:00:00.1Z"
        );
    }

    #[test]
    fn display_and_from_str_agree() {
        let t: GoTime = "2026-04-01T12:00:00.5+02:00".parse().expect("parses");
        assert_eq!(t.to_string(), "2026-04-01T12:00:00.5+02:00");
        assert_eq!(
            go("2026-04-01T10:00:00.000000001Z").to_string(),
            "2026-04-01T10:00:00.000000001Z"
        );
    }

    #[test]
    fn structural_equality_versus_instant_order() {
        let east = go("2026-04-01T12:00:00+02:00");
        let utc_time = go("2026-04-01T10:00:00Z");
        assert_ne!(east, utc_time);
        assert_eq!(east.cmp_instant(&utc_time), Ordering::Equal);
        assert_eq!(east.to_utc(), utc_time.to_utc());
        let set: HashSet<GoTime> = [east, utc_time, go("2026-04-01T12:00:00+02:00")].into();
        assert_eq!(set.len(), 2);
        let later = go("2026-04-01T10:00:00.000000001Z");
        assert_eq!(east.cmp_instant(&later), Ordering::Less);
        assert_eq!(later.cmp_instant(&east), Ordering::Greater);
    }

    #[test]
    fn conversions_from_chrono() {
        let at = utc(2026, 4, 1, 10, 0, 0, 0);
        let t = GoTime::from(at);
        assert_eq!(t.to_string(), "2026-04-01T10:00:00Z");
        let east = GoTime::from(at.with_timezone(&fixed(2)));
        assert_eq!(east.to_string(), "2026-04-01T12:00:00+02:00");
        assert_eq!(east.as_datetime(), &at.with_timezone(&fixed(2)));
    }

    #[test]
    fn leap_second_moves_to_next_second() {
        let leap = utc(2016, 12, 31, 23, 59, 59, 1_500_000_000);
        assert_eq!(GoTime::from(leap).to_string(), "2017-01-01T00:00:00.5Z");
        assert_eq!(KubeTime::from(leap).to_string(), "2017-01-01T00:00:00Z");
    }

    #[test]
    fn go_writes_offsets_in_whole_minutes_like_go() {
        let odd = FixedOffset::east_opt(3600 + 30).expect("offset");
        let t = GoTime::from(utc(2026, 4, 1, 10, 0, 0, 0).with_timezone(&odd));
        assert_eq!(t.to_string(), "2026-04-01T11:00:30+01:00");
        let tiny = FixedOffset::west_opt(30).expect("offset");
        let t = GoTime::from(utc(2026, 4, 1, 10, 0, 0, 0).with_timezone(&tiny));
        assert_eq!(t.to_string(), "2026-04-01T09:59:30+00:00");
    }

    #[test]
    fn years_outside_four_digits_are_not_written() {
        for at in [utc(10000, 1, 1, 0, 0, 0, 0), utc(-1, 12, 31, 23, 0, 0, 0)] {
            let err = serde_json::to_string(&GoTime::from(at)).expect_err("year");
            assert!(
                err.to_string().contains("outside of range [0,9999]"),
                "{err}"
            );
            let err = serde_json::to_string(&KubeTime::from(at)).expect_err("year");
            assert!(
                err.to_string().contains("outside of range [0,9999]"),
                "{err}"
            );
        }
        assert_eq!(
            GoTime::from(utc(-1, 12, 31, 23, 0, 0, 0)).to_string(),
            "-0001-12-31T23:00:00Z"
        );
        // The local year decides, as in Go: year 0 in +01:00 is year -1 in UTC.
        let t = go("0000-01-01T00:30:00+01:00");
        assert!(serde_json::to_string(&t).is_ok());
        assert!(serde_json::to_string(&KubeTime::from(t)).is_err());
    }

    #[test]
    fn now_is_utc_and_not_zero() {
        let t = GoTime::now();
        assert!(!t.is_zero());
        assert_eq!(t.as_datetime().offset().local_minus_utc(), 0);
        assert!(!KubeTime::now().is_zero());
    }

    #[test]
    fn no_panic_on_mangled_input() {
        let valid = "2026-04-01T12:00:00.123+02:00";
        let replacements = [
            'é', '２', 'x', '0', '9', ':', '-', '.', 'T', 'Z', '+', '\u{0}',
        ];
        for (i, _) in valid.char_indices() {
            let _ = GoTime::parse(&valid[..i]);
            for r in replacements {
                let mut mangled = String::from(&valid[..i]);
                mangled.push(r);
                mangled.push_str(&valid[i + 1..]);
                let _ = GoTime::parse(&mangled);
                mangled.insert(i, r);
                let _ = GoTime::parse(&mangled);
            }
        }
    }

    #[test]
    fn kube_zero_and_null() {
        let t: KubeTime = serde_json::from_str("null").expect("null reads");
        assert!(t.is_zero());
        assert_eq!(t, KubeTime::default());
        assert_eq!(serde_json::to_string(&t).expect("writes"), "null");
        assert_eq!(t.to_string(), "0001-01-01T00:00:00Z");
        let zero: KubeTime = serde_json::from_str(r#""0001-01-01T00:00:00Z""#).expect("reads");
        assert!(zero.is_zero());
        assert_eq!(serde_json::to_string(&zero).expect("writes"), "null");
    }

    #[test]
    fn kube_round_trip() {
        let json = r#""2026-04-01T10:00:00Z""#;
        let t: KubeTime = serde_json::from_str(json).expect("reads");
        assert_eq!(serde_json::to_string(&t).expect("writes"), json);
        assert_eq!(t.to_string(), "2026-04-01T10:00:00Z");
    }

    #[test]
    fn kube_writes_utc_whole_seconds() {
        let t: KubeTime = serde_json::from_str(r#""2026-04-01T12:00:00.9+02:00""#).expect("reads");
        assert_eq!(
            serde_json::to_string(&t).expect("writes"),
            r#""2026-04-01T10:00:00Z""#
        );
        assert_eq!(t.to_utc(), utc(2026, 4, 1, 10, 0, 0, 900_000_000));
        assert_eq!(t, KubeTime::from(utc(2026, 4, 1, 10, 0, 0, 900_000_000)));
        assert_ne!(t, KubeTime::from(utc(2026, 4, 1, 10, 0, 0, 0)));
        let later = KubeTime::from(utc(2026, 4, 1, 10, 0, 1, 0));
        assert_eq!(t.cmp_instant(&later), Ordering::Less);
    }

    #[test]
    fn kube_refuses_empty_and_non_strings() {
        let err = serde_json::from_str::<KubeTime>(r#""""#).expect_err("empty");
        assert!(err.to_string().contains("empty string"), "{err}");
        let err = serde_json::from_str::<KubeTime>("1775037600").expect_err("number");
        assert!(
            err.to_string().contains("expected an RFC 3339 time string"),
            "{err}"
        );
        assert!(serde_json::from_str::<KubeTime>("\"2026-04-01T10:00:00\"").is_err());
    }

    #[test]
    fn kube_from_go_time_and_through_json_value() {
        let t = KubeTime::from(go("2026-04-01T12:00:00.5+02:00"));
        assert_eq!(t.to_utc(), utc(2026, 4, 1, 10, 0, 0, 500_000_000));
        let value = serde_json::json!(["2026-04-01T10:00:00Z", null]);
        let list: Vec<KubeTime> = serde_json::from_value(value).expect("reads");
        assert_eq!(
            serde_json::to_string(&list).expect("writes"),
            r#"["2026-04-01T10:00:00Z",null]"#
        );
        let parsed: KubeTime = "2026-04-01T10:00:00Z".parse().expect("parses");
        assert_eq!(parsed, list[0]);
    }
}

#[cfg(test)]
mod year_edge_tests {
    use super::*;

    #[test]
    fn kube_times_that_leave_four_digit_years_in_utc_are_refused() {
        for input in ["0000-01-01T00:59:14+01:09", "9999-12-31T23:30:00-01:00"] {
            let error = KubeTime::parse(input).unwrap_err();
            assert!(
                matches!(error, TimeError::YearOutOfRange { .. }),
                "{input}: {error}"
            );
        }
        assert!(KubeTime::parse("0000-01-01T01:00:00+01:00").is_ok());
    }
}
