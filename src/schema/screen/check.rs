//! Judging a value by the compiled rules, keyword by keyword, in three-valued logic: a
//! value surely passes, surely fails, or needs the full validator.

use serde_json::Value;

use super::rules::{Format, Others, Rule, RuleId, Rules, Types};
use super::tape::{Item, Tape, same_key};

/// Adds the verdict of a keyword that must pass: returns `Fail` from the enclosing
/// function at once when it fails, and notes in `$unsure` when the screen cannot tell.
macro_rules! require {
    ($unsure:ident, $verdict:expr) => {
        match $verdict {
            Verdict::Fail => return Verdict::Fail,
            Verdict::Unsure => $unsure = true,
            Verdict::Pass => {}
        }
    };
}

/// What the screen can say about a value and a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The value passes the rule; the full validator would say so too.
    Pass,
    /// The value fails the rule; the full validator would say so too.
    Fail,
    /// Only the full validator can tell.
    Unsure,
}

/// What a value is, as far as the rules look at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape<'v> {
    Null,
    Bool(bool),
    /// A number; `Some` when it is an integer the screen reads exactly.
    Number(Option<i64>),
    String(&'v str),
    Array,
    Object,
}

/// A value the screen can judge: one on a tape, or a `serde_json::Value`.
pub(crate) trait Node<'v>: Copy {
    /// What the value is.
    fn shape(self) -> Shape<'v>;
    /// The elements of an array; nothing for other values.
    fn elements(self) -> impl Iterator<Item = Self>;
    /// The members of an object; nothing for other values.
    fn members(self) -> impl Iterator<Item = (&'v str, Self)>;
}

/// A value on a tape: the tape and the value's index.
pub(crate) type TapeNode<'t, 'a> = (&'t Tape<'a>, usize);

impl<'t, 'a: 't> Node<'t> for TapeNode<'t, 'a> {
    fn shape(self) -> Shape<'t> {
        let (tape, index) = self;
        match tape.item(index) {
            Item::Null => Shape::Null,
            Item::Bool(value) => Shape::Bool(*value),
            Item::Integer(text) => Shape::Number(text.parse().ok()),
            Item::String(text) => Shape::String(text),
            Item::Array { .. } => Shape::Array,
            Item::Object { .. } => Shape::Object,
        }
    }

    fn elements(self) -> impl Iterator<Item = Self> {
        let (tape, index) = self;
        tape.elements(index).map(move |element| (tape, element))
    }

    fn members(self) -> impl Iterator<Item = (&'t str, Self)> {
        let (tape, index) = self;
        tape.members(index)
            .map(move |(key, value)| (key, (tape, value)))
    }
}

impl<'v> Node<'v> for &'v Value {
    fn shape(self) -> Shape<'v> {
        match self {
            Value::Null => Shape::Null,
            Value::Bool(value) => Shape::Bool(*value),
            Value::Number(number) => Shape::Number(number.as_i64()),
            Value::String(text) => Shape::String(text),
            Value::Array(_) => Shape::Array,
            Value::Object(_) => Shape::Object,
        }
    }

    fn elements(self) -> impl Iterator<Item = Self> {
        self.as_array().into_iter().flatten()
    }

    fn members(self) -> impl Iterator<Item = (&'v str, Self)> {
        let members = self.as_object().into_iter().flatten();
        members.map(|(key, value)| (key.as_str(), value))
    }
}

/// Judges `node` by the rule `id`.
pub(crate) fn check<'v>(rules: &Rules, id: RuleId, node: impl Node<'v>) -> Verdict {
    let rule = rules.rule(id);
    if rule.unknown {
        return Verdict::Unsure;
    }
    if rule.nothing {
        return Verdict::Fail;
    }
    let shape = node.shape();

    let mut unsure = false;
    require!(unsure, types(rule, shape));
    require!(unsure, values(rule, shape));
    require!(
        unsure,
        match shape {
            Shape::Object => object(rules, rule, node),
            Shape::Array => array(rules, rule, node),
            Shape::String(text) => string(rules, rule, text),
            Shape::Number(number) => number_bounds(rule, number),
            Shape::Null | Shape::Bool(_) => Verdict::Pass,
        }
    );
    require!(unsure, applicators(rules, rule, node));
    settle(unsure)
}

/// The verdict of keywords that all passed, or of which some were unsure.
fn settle(unsure: bool) -> Verdict {
    if unsure {
        Verdict::Unsure
    } else {
        Verdict::Pass
    }
}

fn types(rule: &Rule, shape: Shape<'_>) -> Verdict {
    let Some(allowed) = rule.types else {
        return Verdict::Pass;
    };
    let kind = match shape {
        Shape::Null => Types::NULL,
        Shape::Bool(_) => Types::BOOLEAN,
        Shape::Number(_) if allowed.allows(Types::NUMBER) => Types::NUMBER,
        // A fraction such as `2.0` is an integer to JSON Schema; only the full validator
        // decides numbers the screen does not read exactly.
        Shape::Number(None) => return Verdict::Unsure,
        Shape::Number(Some(_)) => Types::INTEGER,
        Shape::String(_) => Types::STRING,
        Shape::Array => Types::ARRAY,
        Shape::Object => Types::OBJECT,
    };
    pass_if(allowed.allows(kind))
}

/// `enum` and `const`.
fn values(rule: &Rule, shape: Shape<'_>) -> Verdict {
    let Some(values) = &rule.one_of_values else {
        return Verdict::Pass;
    };
    if let (Some(strings), Shape::String(text)) = (&rule.one_of_strings, shape) {
        return pass_if(strings.iter().any(|value| same_key(value, text)));
    }
    let mut unsure = false;
    for expected in values {
        match equals(shape, expected) {
            Some(true) => return Verdict::Pass,
            Some(false) => {}
            None => unsure = true,
        }
    }
    if unsure {
        Verdict::Unsure
    } else {
        Verdict::Fail
    }
}

/// Whether a value equals `expected`, when the screen can tell.
fn equals(shape: Shape<'_>, expected: &Value) -> Option<bool> {
    match (shape, expected) {
        (Shape::Null, Value::Null) => Some(true),
        (Shape::Bool(value), Value::Bool(expected)) => Some(value == *expected),
        (Shape::String(value), Value::String(expected)) => Some(value == expected),
        (Shape::Number(Some(value)), Value::Number(expected)) => {
            expected.as_i64().map(|expected| value == expected)
        }
        (Shape::Number(None), Value::Number(_)) => None,
        (Shape::Array | Shape::Object, Value::Array(_) | Value::Object(_)) => None,
        _ => Some(false),
    }
}

/// `required`, `properties` and `additionalProperties`.
fn object<'v>(rules: &Rules, rule: &Rule, node: impl Node<'v>) -> Verdict {
    for name in &rule.required {
        if !node.members().any(|(key, _)| key == name) {
            return Verdict::Fail;
        }
    }

    let mut unsure = false;
    let mut seen = 0_u64;
    let mut next = 0;
    for (key, value) in node.members() {
        let place = property_place(&rule.properties, key, next);
        if let Some(place) = place {
            next = place + 1;
            if place < 64 {
                seen |= 1 << place;
            }
        }
        require!(
            unsure,
            match (place, rule.others) {
                (Some(place), _) => check(rules, rule.properties[place].1, value),
                (None, Others::Any) => Verdict::Pass,
                (None, Others::Never) => Verdict::Fail,
                (None, Others::Rule(others)) => check(rules, others, value),
            }
        );
    }
    if seen & rule.required_properties != rule.required_properties {
        return Verdict::Fail;
    }
    settle(unsure)
}

/// The place of `key` among `properties`, trying `next` first: documents written by Go
/// list their keys in the schema's order, so the guess is almost always right.
fn property_place(properties: &[(String, RuleId)], key: &str, next: usize) -> Option<usize> {
    match properties.get(next) {
        Some((name, _)) if name == key => Some(next),
        _ => properties.iter().position(|(name, _)| name == key),
    }
}

/// `items`, applying to every element.
fn array<'v>(rules: &Rules, rule: &Rule, node: impl Node<'v>) -> Verdict {
    let Some(items) = rule.items else {
        return Verdict::Pass;
    };
    let mut unsure = false;
    for element in node.elements() {
        require!(unsure, check(rules, items, element));
    }
    settle(unsure)
}

/// `minLength`, `maxLength`, `pattern` and `format`.
fn string(rules: &Rules, rule: &Rule, text: &str) -> Verdict {
    if rule.min_length.is_some() || rule.max_length.is_some() {
        let length = text.chars().count() as u64;
        let short = rule.min_length.is_some_and(|min| length < min);
        let long = rule.max_length.is_some_and(|max| length > max);
        if short || long {
            return Verdict::Fail;
        }
    }

    let mut unsure = false;
    if let Some(index) = rule.pattern {
        require!(unsure, pattern(rules, index, text));
    }
    require!(
        unsure,
        match rule.format {
            Some(Format::DateTime) if !is_date_time(text) => Verdict::Unsure,
            Some(Format::Int32) => Verdict::Unsure,
            _ => Verdict::Pass,
        }
    );
    settle(unsure)
}

/// A pattern decides printable ASCII text; elsewhere ECMAScript's classes and the regex
/// crate's may disagree (`.`, `\s`, `\d` beyond ASCII), so the full validator decides.
fn pattern(rules: &Rules, index: usize, text: &str) -> Verdict {
    let printable = text.bytes().all(|b| (b' '..=b'~').contains(&b));
    match rules.pattern(index).matches(text) {
        Some(matches) if printable => pass_if(matches),
        _ => Verdict::Unsure,
    }
}

/// `minimum`, `maximum` and the `int32` format, for numbers.
fn number_bounds(rule: &Rule, number: Option<i64>) -> Verdict {
    let bounded = rule.minimum.is_some() || rule.maximum.is_some();
    let Some(number) = number else {
        return if bounded || rule.format.is_some() {
            Verdict::Unsure
        } else {
            Verdict::Pass
        };
    };
    if rule.format == Some(Format::Int32) && i32::try_from(number).is_err() {
        return Verdict::Unsure;
    }
    let low = rule.minimum.is_some_and(|min| number < min);
    let high = rule.maximum.is_some_and(|max| number > max);
    pass_if(!low && !high)
}

/// `$ref`, `allOf`, `anyOf`, `not`, and `if` with `then` and `else`.
fn applicators<'v>(rules: &Rules, rule: &Rule, node: impl Node<'v>) -> Verdict {
    let mut unsure = false;
    if let Some(target) = rule.reference {
        require!(unsure, check(rules, target, node));
    }
    for part in &rule.all_of {
        require!(unsure, check(rules, *part, node));
    }
    if !rule.any_of.is_empty() {
        require!(unsure, any_of(rules, &rule.any_of, node));
    }
    if let Some(not) = rule.not {
        require!(
            unsure,
            match check(rules, not, node) {
                Verdict::Pass => Verdict::Fail,
                Verdict::Fail => Verdict::Pass,
                Verdict::Unsure => Verdict::Unsure,
            }
        );
    }
    if let Some((condition, then, otherwise)) = rule.condition {
        let branch = match check(rules, condition, node) {
            Verdict::Pass => then,
            Verdict::Fail => otherwise,
            Verdict::Unsure => return Verdict::Unsure,
        };
        require!(
            unsure,
            branch.map_or(Verdict::Pass, |branch| check(rules, branch, node))
        );
    }
    settle(unsure)
}

fn any_of<'v>(rules: &Rules, branches: &[RuleId], node: impl Node<'v>) -> Verdict {
    let mut unsure = false;
    for branch in branches {
        match check(rules, *branch, node) {
            Verdict::Pass => return Verdict::Pass,
            Verdict::Fail => {}
            Verdict::Unsure => unsure = true,
        }
    }
    if unsure {
        Verdict::Unsure
    } else {
        Verdict::Fail
    }
}

fn pass_if(condition: bool) -> Verdict {
    if condition {
        Verdict::Pass
    } else {
        Verdict::Fail
    }
}

/// Whether `text` is plainly an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS`, an optional
/// fraction, then `Z` or an offset, with a real calendar day. Leap seconds and lower-case
/// `t` or `z` are valid too, but rare enough to leave to the full validator.
fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 20 {
        return false;
    }
    let number = |at: usize, width: usize| -> Option<u32> {
        let digits = bytes.get(at..at + width)?;
        digits.iter().try_fold(0, |total, digit| {
            digit
                .is_ascii_digit()
                .then(|| total * 10 + u32::from(digit - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|(at, byte)| bytes[*at] != *byte) {
        return false;
    }
    let date = (number(0, 4), number(5, 2), number(8, 2));
    let time = (number(11, 2), number(14, 2), number(17, 2));
    let (Some(year), Some(month), Some(day)) = date else {
        return false;
    };
    let (Some(hour), Some(minute), Some(second)) = time else {
        return false;
    };
    let calendar = (1..=12).contains(&month) && (1..=days_in(year, month)).contains(&day);
    let clock = hour <= 23 && minute <= 59 && second <= 59;
    calendar && clock && is_zone(&bytes[19..])
}

/// An optional fraction followed by `Z` or `+HH:MM` / `-HH:MM`.
fn is_zone(rest: &[u8]) -> bool {
    let mut rest = rest;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    match rest {
        b"Z" => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let digits = [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit());
            let two = |tens: u8, ones: u8| (tens - b'0') * 10 + (ones - b'0');
            digits && two(*h1, *h2) <= 23 && two(*m1, *m2) <= 59
        }
        _ => false,
    }
}

fn days_in(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_date_times_are_recognised() {
        for good in [
            "2026-04-01T10:00:00Z",
            "2024-02-29T23:59:59.123456789+02:00",
            "0001-01-01T00:00:00-23:59",
        ] {
            assert!(is_date_time(good), "{good}");
        }
        for unsure in [
            "2026-02-29T10:00:00Z",
            "2026-04-31T10:00:00Z",
            "2026-04-01T24:00:00Z",
            "2026-04-01T23:59:60Z",
            "2026-04-01t10:00:00z",
            "2026-04-01T10:00:00.Z",
            "2026-04-01T10:00:00+2:00",
            "2026-04-01T10:00:00+ab:cd",
            "2026-04-01T10:00:00+0/:00",
            "2026-04-01T10:00:00+24:00",
            "2026-04-01T10:00:00",
            "2026-4-01T10:00:00Z",
        ] {
            assert!(!is_date_time(unsure), "{unsure}");
        }
    }
}
