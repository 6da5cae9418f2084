//! Sharing a long array out between threads.
//!
//! Where an element begins cannot be known without reading everything before it, so the
//! split is a guess: the array's text is cut into equal parts, and each cut is moved on
//! to the next place that looks like the start of an element, `,` and then the opening
//! of the first element (its first key, such as `{"Phase":`). A helper thread reads on
//! from each guess. The thread before it, reading on, either arrives at an element that
//! begins exactly at the guess, and then takes the helper's items and carries on from
//! where the helper stopped, or passes it, when the guess fell inside a value, and then
//! reads on alone, the helper's work dropped. Every item is thus read from the same
//! place, onto the same tape, as one thread would read it.

use std::sync::atomic::{AtomicBool, Ordering};

use super::{Step, Walker};
use crate::schema::screen::is_whitespace;

/// Arrays shorter than this, in bytes, are read by one thread: starting another costs
/// more than it saves.
const MIN_BYTES: usize = 1 << 20;

/// The most threads one walk uses.
const MAX_THREADS: usize = 8;

/// How long arrays are shared out between threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Split {
    /// Arrays shorter than this, in bytes, are read by one thread.
    min_bytes: usize,
    /// How many threads read a longer array; `None` for as many as the machine runs at
    /// once, up to [`MAX_THREADS`], asked only when an array is long enough.
    threads: Option<usize>,
}

impl Split {
    /// One thread, always.
    pub(super) const NEVER: Split = Split {
        min_bytes: usize::MAX,
        threads: Some(1),
    };

    /// As many threads as this machine runs at once, up to eight, for arrays of a
    /// mebibyte or more.
    pub(super) const FOR_THIS_MACHINE: Split = Split {
        min_bytes: MIN_BYTES,
        threads: None,
    };

    /// `threads` threads for arrays of `min_bytes` or more.
    #[cfg(test)]
    pub(super) fn new(min_bytes: usize, threads: usize) -> Split {
        let threads = Some(threads);
        Split { min_bytes, threads }
    }

    /// Where helpers start reading the array whose first element is at `first`, in
    /// order; none when the array is read by one thread.
    pub(super) fn guesses(self, text: &str, first: usize) -> Vec<usize> {
        let rest = text.len() - first;
        let bytes = text.as_bytes();
        let Some(opening) = opening(&bytes[first..]).filter(|_| rest >= self.min_bytes) else {
            return Vec::new();
        };
        let threads = self.threads.unwrap_or_else(|| {
            let cores = std::thread::available_parallelism().map_or(1, usize::from);
            cores.min(MAX_THREADS)
        });
        let mut guesses: Vec<usize> = Vec::new();
        for part in 1..threads {
            let cut = first + rest / threads * part;
            let after = guesses.last().map_or(cut, |last| cut.max(last + 1));
            guesses.extend(element_like_after(bytes, after, opening));
        }
        guesses
    }
}

impl<V: Send> Walker<'_, '_, '_, V> {
    /// Reads the elements from the reading position with a helper thread at each of
    /// `guesses`, taking each helper's items when this walker arrives at its guess.
    pub(super) fn run_split(&mut self, guesses: &[usize]) -> Step {
        let stops: Vec<AtomicBool> = guesses.iter().map(|_| AtomicBool::new(false)).collect();
        std::thread::scope(|scope| {
            let helpers: Vec<_> = guesses
                .iter()
                .zip(&stops)
                .enumerate()
                .map(|(index, (guess, stop))| {
                    let (text, judge, until) = (self.text, self.judge, guesses.get(index + 1));
                    scope.spawn(move || {
                        let mut helper = Walker::new(text, *guess, judge);
                        let step = helper.run(until.copied(), Some(stop));
                        (step, helper)
                    })
                })
                .collect();

            let mut step = self.run(guesses.first().copied(), None);
            for (index, helper) in helpers.into_iter().enumerate() {
                let until = guesses.get(index + 1).copied();
                step = match step {
                    Step::Reached => match helper.join() {
                        Ok((step, helper)) => self.take_over(step, helper),
                        Err(_) => Step::GiveUp,
                    },
                    Step::Passed => {
                        stops[index].store(true, Ordering::Relaxed);
                        self.run(until, None)
                    }
                    Step::Closed | Step::GiveUp => {
                        stops
                            .iter()
                            .for_each(|stop| stop.store(true, Ordering::Relaxed));
                        return step;
                    }
                };
            }
            step
        })
    }

    /// Takes the items of a helper that started where this walker now is, and how its
    /// reading ended.
    fn take_over(&mut self, step: Step, helper: Walker<'_, '_, '_, V>) -> Step {
        self.items.extend(helper.items);
        self.values += helper.values;
        self.at = helper.at;
        if self.values > crate::strict_json::MAX_VALUES {
            return Step::GiveUp;
        }
        step
    }
}

/// How an element opens: an object's bytes up to its first key's colon, at most 64.
fn opening(element: &[u8]) -> Option<&[u8]> {
    if element.first() != Some(&b'{') {
        return None;
    }
    let colon = element.iter().take(64).position(|b| *b == b':')?;
    Some(&element[..=colon])
}

/// The first place at or after `from` that follows a comma and whitespace and begins with
/// `opening`: where a later element of an array of like objects may begin.
fn element_like_after(bytes: &[u8], from: usize, opening: &[u8]) -> Option<usize> {
    let mut at = from;
    loop {
        at += bytes.get(at..)?.iter().position(|b| *b == b',')? + 1;
        let gap = bytes[at..]
            .iter()
            .take_while(|b| is_whitespace(**b))
            .count();
        if bytes[at + gap..].starts_with(opening) {
            return Some(at + gap);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::thread::ThreadId;

    use proptest::prelude::*;

    use super::super::{Walk, walk_split};
    use super::*;
    use crate::schema::screen::{Item, Tape};

    /// Settles objects whose `n` is even, with `n` as the verdict; notes which threads
    /// judged.
    fn walk_noting(
        text: &str,
        split: Split,
        threads: &Mutex<HashSet<ThreadId>>,
    ) -> Option<Walk<String>> {
        let judge = |tape: &Tape<'_>, _: &str| {
            threads.lock().unwrap().insert(std::thread::current().id());
            let n = tape.members(0).find(|(key, _)| *key == "n")?.1;
            match tape.item(n) {
                Item::Integer(n) if n.ends_with(['0', '2', '4', '6', '8']) => Some(n.to_string()),
                _ => None,
            }
        };
        walk_split(text, &judge, split)
    }

    fn walk(text: &str, split: Split) -> Option<Walk<String>> {
        walk_noting(text, split, &Mutex::default())
    }

    /// An array of `count` objects like the ones a guess looks for, with nested arrays
    /// of the same objects and strings that hold the opening, escaped.
    fn array(count: usize, gap: &str) -> String {
        let element = |n: usize| {
            format!(r#"{{"n":{n},"inner":[{{"n":1}},{gap}{{"n":2}}],"s":"x,{{\"n\":3}}"}}"#)
        };
        let elements: Vec<String> = (0..count).map(element).collect();
        format!("[{}]", elements.join(&format!(",{gap}")))
    }

    #[test]
    fn a_split_walk_finds_what_one_thread_finds() {
        for gap in ["", " ", "\n  "] {
            let text = array(200, gap);
            let alone = walk(&text, Split::NEVER).unwrap();
            assert_eq!(alone.items.len(), 200);
            for threads in 2..=5 {
                let split = walk(&text, Split::new(0, threads));
                assert_eq!(
                    split.as_ref(),
                    Some(&alone),
                    "{threads} threads, gap {gap:?}"
                );
            }
        }
    }

    #[test]
    fn every_thread_judges_its_part_when_the_guesses_are_right() {
        // No nested object opens like the elements: every guess is an element's start.
        let element = |n: usize| format!(r#"{{"n":{n},"m":[1]}}"#);
        let elements: Vec<String> = (0..300).map(element).collect();
        let text = format!("[{}]", elements.join(","));
        let alone = walk(&text, Split::NEVER).unwrap();
        for threads in 2..=4 {
            let judged_by = Mutex::default();
            let split = walk_noting(&text, Split::new(0, threads), &judged_by);
            assert_eq!(split.as_ref(), Some(&alone));
            assert_eq!(judged_by.lock().unwrap().len(), threads);
        }
    }

    #[test]
    fn guesses_inside_values_are_dropped() {
        // One huge element in the middle holds many openings in a nested array: every
        // guess falls inside it.
        let inner: Vec<String> = (0..500).map(|n| format!(r#"{{"n":{n}}}"#)).collect();
        let text = format!(
            r#"[{{"n":0}},{{"n":1,"list":[{}]}},{{"n":2}}]"#,
            inner.join(",")
        );
        let alone = walk(&text, Split::NEVER).unwrap();
        assert_eq!(alone.items.len(), 3);
        for threads in 2..=8 {
            assert_eq!(walk(&text, Split::new(0, threads)).as_ref(), Some(&alone));
        }
    }

    #[test]
    fn short_arrays_and_arrays_of_other_values_are_read_by_one_thread() {
        let text = array(50, "");
        let judged_by = Mutex::default();
        walk_noting(&text, Split::new(text.len() + 1, 4), &judged_by).unwrap();
        assert_eq!(judged_by.lock().unwrap().len(), 1);
        assert!(Split::new(0, 4).guesses("[[1],[2],[3],[4]]", 1).is_empty());
        assert!(Split::new(0, 1).guesses(&text, 1).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn any_cut_of_any_array_walks_as_one_thread_walks_it(
            count in 1_usize..60,
            gap in prop::sample::select(vec!["", " ", "\t", "\n"]),
            cut in 0.0_f64..1.0,
            threads in 2_usize..6,
        ) {
            let whole = array(count, gap);
            // The whole array, and the same text cut short anywhere, or with a
            // repeated key, or with a list among the items.
            let at = (whole.len() as f64 * cut) as usize;
            let cut_short = whole.get(..at).unwrap_or(&whole).to_owned();
            let repeated = whole.replacen(r#""s":"#, r#""n":"#, 1 + count / 2);
            let with_list = whole.replacen(r#"{"n":1}"#, r#"{"kind":"List","items":[]}"#, 1);
            for text in [&whole, &cut_short, &repeated, &with_list] {
                let alone = walk(text, Split::NEVER);
                prop_assert_eq!(walk(text, Split::new(0, threads)), alone);
            }
        }
    }
}
