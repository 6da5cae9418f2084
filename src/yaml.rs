//! Reading YAML streams into JSON values the way the Kubernetes API machinery does.
//!
//! Kubernetes converts YAML to JSON with YAML 1.1 typing rules (the rules of the go-yaml v2
//! library): unquoted `yes`, `off` or `y` are booleans, `0755` is the octal integer 493, and
//! non-string mapping keys are turned into strings. [`read_documents`] applies the same rules
//! to every document of a stream and returns one [`serde_json::Value`] per non-empty document;
//! [`for_each_document`] passes them on one at a time, as each is read.
//!
//! The reader is meant for untrusted input. It refuses, with a [`YamlError`] that gives the
//! line and column of the problem:
//!
//! - input that different YAML readers would understand differently: duplicate keys, raw
//!   control characters, YAML 1.1-only line breaks, keys that have no JSON form, merge keys
//!   whose outcome depends on the reader, tags that contradict the value;
//! - hostile input: nesting deeper than [`YamlLimits::max_depth`], documents or alias
//!   expansions ("billion laughs") producing more than [`YamlLimits::max_nodes`] nodes, more
//!   than [`YamlLimits::max_alias_expansions`] alias uses, and flow collections too large to
//!   tokenise safely.
//!
//! No input makes the reader panic, recurse without bound, or run for long: values are built
//! with an explicit stack, and every alias is priced from the size recorded when its anchor
//! was defined before anything is copied.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

/// Nesting depth that yaml-rust2 itself allows for flow collections (`[` and `{`).
const PARSER_FLOW_DEPTH: usize = 255;
/// Smallest budget of flow separators the parser may read ahead to produce one event.
const MIN_LOOKAHEAD_SEPARATORS: usize = 1 << 16;
/// Alias expansion may copy at most this many bytes of text per byte of input.
const ALIAS_TEXT_PER_INPUT_BYTE: usize = 4;
/// Alias expansion may always copy at least this many bytes of text.
const MIN_ALIAS_TEXT: usize = 16 << 20;
/// Longest key or anchor name echoed in an error message, in characters.
const ECHO_CHARS: usize = 40;
/// Longest JSON Pointer echoed in an error message, in characters.
const ECHO_POINTER_CHARS: usize = 120;
/// Message yaml-rust2 gives when flow collections nest deeper than it allows.
const PARSER_DEPTH_MESSAGE: &str = "recursion limit exceeded";
/// Message yaml-rust2 gives for an alias whose anchor it has never seen.
const PARSER_ANCHOR_MESSAGE: &str = "while parsing node, found unknown anchor";
/// Prefix of the tags of the YAML core schema (`!!str` and friends).
const CORE_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// Limits applied while reading YAML; every limit is named in the error that trips it.
///
/// Two safeguards derived from these limits and from the input also apply. Alias expansion
/// may copy at most four times the input size (and never less than 16 MiB) of text over the
/// whole stream ([`YamlError::TooMuchAliasText`]). The parser may read at most
/// `max(max_nodes, 65536)` flow separators (`,[]{}:?&*!`) ahead to produce a single event
/// ([`YamlError::FlowTooLarge`]); this bounds the memory the underlying parser spends on a
/// flow collection that might turn out to be a mapping key.
#[derive(Clone, Debug)]
pub struct YamlLimits {
    /// Deepest allowed nesting of sequences and mappings, counting the contents of aliases;
    /// a document whose root is a mapping has depth 1. Default 64. Flow collections can never
    /// nest deeper than 255, whatever this limit says.
    pub max_depth: usize,
    /// Most nodes (scalars, keys, sequences and mappings, with aliases expanded) that one
    /// document may produce; it also caps the nodes that aliases may add over the whole
    /// stream. Default 1,000,000.
    pub max_nodes: usize,
    /// Most alias uses (`*name`) allowed in one document. Default 10,000.
    pub max_alias_expansions: usize,
}

impl Default for YamlLimits {
    fn default() -> Self {
        YamlLimits {
            max_depth: 64,
            max_nodes: 1_000_000,
            max_alias_expansions: 10_000,
        }
    }
}

/// One document of a YAML stream.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlDocument {
    /// 0-based position of the document in the stream, counting skipped empty documents too.
    pub index: usize,
    /// 1-based line where the document starts: its `---` marker, or its first content.
    pub line: usize,
    /// The document's content as JSON.
    pub value: Value,
}

/// Why a YAML stream was refused.
///
/// Lines and columns are 1-based and count characters; `document` is the 0-based index of the
/// document, as in [`YamlDocument::index`]. Messages never quote more than a short prefix of
/// a key or name from the input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum YamlError {
    /// The input is not well-formed YAML, as reported by the YAML scanner or parser.
    #[error("yaml syntax error at line {line}, column {column}: {message}")]
    Syntax {
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
        /// What the parser expected or found.
        message: String,
    },
    /// The input contains a character that YAML forbids or that YAML 1.1 and YAML 1.2 readers
    /// treat differently: a control character such as NUL, a byte order mark anywhere but at
    /// the very start, NEL (U+0085), or a Unicode line or paragraph separator.
    #[error("character U+{code:04X} is not allowed, at line {line}, column {column}")]
    ForbiddenCharacter {
        /// Unicode scalar value of the character.
        code: u32,
        /// Line of the character.
        line: usize,
        /// Column of the character.
        column: usize,
    },
    /// A mapping holds the same key twice, comparing keys after their conversion to JSON
    /// object keys (so `yes` and `true` collide).
    #[error(
        "duplicate key {} in the mapping at {} (document {}, line {line}, column \
         {column})",
        echo(.key),
        echo_pointer(.path),
        .document + 1
    )]
    DuplicateKey {
        /// Index of the document.
        document: usize,
        /// The key, as a JSON object key.
        key: String,
        /// RFC 6901 JSON Pointer to the mapping holding the key (empty for the root).
        path: String,
        /// Line of the second occurrence.
        line: usize,
        /// Column of the second occurrence.
        column: usize,
    },
    /// Sequences and mappings nest deeper than the limit, counting the contents of aliases.
    #[error(
        "nesting deeper than {limit} levels (document {}, line {line}, column {column})",
        .document + 1
    )]
    TooDeep {
        /// The depth limit that was exceeded.
        limit: usize,
        /// Index of the document.
        document: usize,
        /// Line where the limit was exceeded.
        line: usize,
        /// Column where the limit was exceeded.
        column: usize,
    },
    /// A document produces more nodes than the limit, or aliases over the whole stream expand
    /// to more nodes than the limit.
    #[error(
        "more than {limit} nodes, aliases expanded (document {}, line {line}, \
         column {column})",
        .document + 1
    )]
    TooManyNodes {
        /// The node limit that was exceeded.
        limit: usize,
        /// Index of the document.
        document: usize,
        /// Line where the limit was exceeded.
        line: usize,
        /// Column where the limit was exceeded.
        column: usize,
    },
    /// A document uses aliases more often than the limit.
    #[error(
        "more than {limit} alias uses (document {}, line {line}, column {column})",
        .document + 1
    )]
    TooManyAliases {
        /// The alias limit that was exceeded.
        limit: usize,
        /// Index of the document.
        document: usize,
        /// Line of the alias that exceeded the limit.
        line: usize,
        /// Column of the alias that exceeded the limit.
        column: usize,
    },
    /// Aliases over the whole stream expand to more bytes of text than the limit (four times
    /// the input size, and at least 16 MiB).
    #[error(
        "aliases expand to more than {limit} bytes of text (document {}, line {line}, \
         column {column})",
        .document + 1
    )]
    TooMuchAliasText {
        /// The text limit that was exceeded, in bytes.
        limit: usize,
        /// Index of the document.
        document: usize,
        /// Line of the alias that exceeded the limit.
        line: usize,
        /// Column of the alias that exceeded the limit.
        column: usize,
    },
    /// A flow collection (`[...]` or `{...}`) is so long that the parser would have to read
    /// more than `limit` separators ahead, buffering all of them, to produce a single event.
    #[error(
        "flow collection too large to parse safely: more than {limit} separators read ahead, \
         at line {line}, column {column}"
    )]
    FlowTooLarge {
        /// The separator budget that was exceeded.
        limit: usize,
        /// Line where reading stopped.
        line: usize,
        /// Column where reading stopped.
        column: usize,
    },
    /// A mapping key has no JSON object key form: a sequence or mapping, a null, an integer
    /// outside the signed 64-bit range, or an alias to a merge key.
    #[error(
        "unsupported mapping key (document {}, line {line}, column {column}): {reason}",
        .document + 1
    )]
    UnsupportedKey {
        /// Index of the document.
        document: usize,
        /// Line of the key.
        line: usize,
        /// Column of the key.
        column: usize,
        /// Which kind of key was found.
        reason: &'static str,
    },
    /// An alias refers to an anchor that is not defined earlier in the same document.
    #[error(
        "unknown anchor {} (document {}, line {line}, column {column})",
        echo(.name),
        .document + 1
    )]
    UnknownAnchor {
        /// Name of the anchor, shortened, or empty when it could not be recovered.
        name: String,
        /// Index of the document.
        document: usize,
        /// Line of the alias.
        line: usize,
        /// Column of the alias.
        column: usize,
    },
    /// A node carries a standard tag that its content contradicts, such as `!!int` on `abc`,
    /// `!!map` on a sequence or `!!str` on a mapping.
    #[error(
        "value contradicts its tag {tag} (document {}, line {line}, column {column})",
        .document + 1
    )]
    TagMismatch {
        /// The tag in `!!name` form.
        tag: &'static str,
        /// Index of the document.
        document: usize,
        /// Line of the node.
        line: usize,
        /// Column of the node.
        column: usize,
    },
    /// A node carries a standard tag that has no faithful JSON form (`!!binary`).
    #[error(
        "unsupported tag {tag} (document {}, line {line}, column {column})",
        .document + 1
    )]
    UnsupportedTag {
        /// The tag in `!!name` form.
        tag: &'static str,
        /// Index of the document.
        document: usize,
        /// Line of the node.
        line: usize,
        /// Column of the node.
        column: usize,
    },
    /// The value of a merge key `<<` is neither a mapping nor a sequence of mappings.
    #[error(
        "merge key needs a mapping or a sequence of mappings (document {}, line \
         {line}, column {column})",
        .document + 1
    )]
    InvalidMerge {
        /// Index of the document.
        document: usize,
        /// Line of the merge key.
        line: usize,
        /// Column of the merge key.
        column: usize,
    },
    /// A key is set in a mapping before a merge key `<<` that also provides it; YAML 1.1
    /// readers disagree on which value wins (go-yaml v2 takes the merged one).
    #[error(
        "key {} in the mapping at {} is set before a merge key that also sets it (document \
         {}, line {line}, column {column})",
        echo(.key),
        echo_pointer(.path),
        .document + 1
    )]
    AmbiguousMerge {
        /// Index of the document.
        document: usize,
        /// The key set both explicitly and by the merge.
        key: String,
        /// RFC 6901 JSON Pointer to the mapping holding the key (empty for the root).
        path: String,
        /// Line of the merge key.
        line: usize,
        /// Column of the merge key.
        column: usize,
    },
}

/// Reads every non-empty document of a YAML stream.
///
/// Documents that hold nothing (a lone `---`, `--- # comment`, `---` directly followed by
/// `...`) are skipped but still count for [`YamlDocument::index`]; comments or `...` markers
/// outside any document do not form documents. A document holding an explicit `null` or `~`
/// is not empty and is returned as [`Value::Null`]. One leading byte order mark is ignored.
///
/// # Errors
///
/// Returns the first problem found; see [`YamlError`] for the list.
pub fn read_documents(input: &str, limits: &YamlLimits) -> Result<Vec<YamlDocument>, YamlError> {
    let mut documents = Vec::new();
    for_each_document(input, limits, |document| {
        documents.push(document);
        Ok::<(), YamlError>(())
    })?;
    Ok(documents)
}

/// Reads the non-empty documents of a YAML stream one at a time, passing each to `f` as
/// soon as it is complete and before the next one is read: as [`read_documents`] does,
/// with the same limits, but holding one document at a time.
///
/// Reading stops at the first error, of the stream or of `f`; the documents before it have
/// been passed to `f`.
///
/// ```
/// use conductor_sdk::yaml::{YamlError, YamlLimits, for_each_document};
///
/// let mut names = Vec::new();
/// let stream = "name: a\n---\nname: b\n---\nname: [\n";
/// let read = for_each_document(stream, &YamlLimits::default(), |document| {
///     names.push(document.value["name"].clone());
///     Ok::<(), YamlError>(())
/// });
/// assert!(matches!(read, Err(YamlError::Syntax { .. })));
/// assert_eq!(names, ["a", "b"]);
/// ```
///
/// # Errors
///
/// The first problem found in the stream (see [`YamlError`]), or the first error of `f`.
pub fn for_each_document<E, F>(input: &str, limits: &YamlLimits, mut f: F) -> Result<(), E>
where
    E: From<YamlError>,
    F: FnMut(YamlDocument) -> Result<(), E>,
{
    let body = input.strip_prefix('\u{feff}').unwrap_or(input);
    let guard = Guard::new(limits.max_nodes.max(MIN_LOOKAHEAD_SEPARATORS));
    let mut parser = Parser::new(GuardedChars::new(body, &guard));
    let mut reader = StreamReader::new(body, limits);
    loop {
        let next = parser.next_token();
        guard.check()?;
        let (event, mark) = next.map_err(|error| reader.scan_error(&error))?;
        guard.reset();
        match reader.feed(event, mark)? {
            Step::Continue => {}
            Step::Document(document) => f(document)?,
            Step::End => return Ok(()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Input guard
// ---------------------------------------------------------------------------------------------

/// A 1-based position in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pos {
    line: usize,
    column: usize,
}

impl Pos {
    fn from_marker(mark: &Marker) -> Pos {
        Pos {
            line: mark.line(),
            column: mark.col().saturating_add(1),
        }
    }
}

/// Why the guard stopped feeding characters to the parser.
#[derive(Clone, Copy, Debug)]
enum Stop {
    Forbidden { code: u32, at: Pos },
    Lookahead { at: Pos },
}

/// State shared between [`read_documents`] and the character iterator given to the parser.
struct Guard {
    budget: usize,
    spent: Cell<usize>,
    stop: Cell<Option<Stop>>,
}

impl Guard {
    fn new(budget: usize) -> Guard {
        Guard {
            budget,
            spent: Cell::new(0),
            stop: Cell::new(None),
        }
    }

    /// Starts a new separator budget; called after every event.
    fn reset(&self) {
        self.spent.set(0);
    }

    /// Fails if the iterator stopped early; the parser's own result is then meaningless.
    fn check(&self) -> Result<(), YamlError> {
        match self.stop.get() {
            None => Ok(()),
            Some(Stop::Forbidden { code, at }) => Err(YamlError::ForbiddenCharacter {
                code,
                line: at.line,
                column: at.column,
            }),
            Some(Stop::Lookahead { at }) => Err(YamlError::FlowTooLarge {
                limit: self.budget,
                line: at.line,
                column: at.column,
            }),
        }
    }

    /// Counts one separator; returns false once the budget is exhausted.
    fn spend(&self) -> bool {
        let spent = self.spent.get().saturating_add(1);
        self.spent.set(spent);
        spent <= self.budget
    }
}

/// Feeds the parser one character at a time, refusing forbidden characters and stopping
/// (by pretending the input ended) once the separator budget is exhausted.
struct GuardedChars<'a> {
    chars: std::str::Chars<'a>,
    guard: &'a Guard,
    line: usize,
    column: usize,
    after_cr: bool,
}

impl<'a> GuardedChars<'a> {
    fn new(text: &'a str, guard: &'a Guard) -> Self {
        GuardedChars {
            chars: text.chars(),
            guard,
            line: 1,
            column: 0,
            after_cr: false,
        }
    }

    fn advance(&mut self, c: char) {
        match c {
            '\n' if self.after_cr => {}
            '\n' | '\r' => {
                self.line = self.line.saturating_add(1);
                self.column = 0;
            }
            _ => self.column = self.column.saturating_add(1),
        }
        self.after_cr = c == '\r';
    }
}

impl Iterator for GuardedChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if self.guard.stop.get().is_some() {
            return None;
        }
        let c = self.chars.next()?;
        let at = Pos {
            line: self.line,
            column: self.column.saturating_add(1),
        };
        if is_forbidden(c) {
            let code = u32::from(c);
            self.guard.stop.set(Some(Stop::Forbidden { code, at }));
            return None;
        }
        if is_separator(c) && !self.guard.spend() {
            self.guard.stop.set(Some(Stop::Lookahead { at }));
            return None;
        }
        self.advance(c);
        Some(c)
    }
}

/// Characters outside YAML's printable set, plus those YAML 1.1 treats as line breaks and
/// YAML 1.2 does not, plus byte order marks (a leading one is removed beforehand).
fn is_forbidden(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => true,
        _ => false,
    }
}

/// Characters that may start a token of their own inside a flow collection.
fn is_separator(c: char) -> bool {
    matches!(c, ',' | '[' | ']' | '{' | '}' | ':' | '?' | '&' | '*' | '!')
}

// ---------------------------------------------------------------------------------------------
// Scalar typing (YAML 1.1 as implemented by go-yaml v2)
// ---------------------------------------------------------------------------------------------

/// A scalar typed by the go-yaml v2 rules.
#[derive(Clone, Debug, PartialEq)]
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    /// An integer beyond 64 bits (hex, octal or binary), approximated.
    Big(f64),
    Float(f64),
    Str(String),
    /// The merge key `<<`.
    Merge,
}

/// What a tag asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TagKind {
    None,
    Str,
    Int,
    Float,
    Bool,
    Null,
    Binary,
    Merge,
    Map,
    Seq,
    /// Any other tag, including the non-specific `!` and local tags.
    Opaque,
}

impl TagKind {
    fn classify(tag: Option<&Tag>) -> TagKind {
        let Some(tag) = tag else {
            return TagKind::None;
        };
        let full = format!("{}{}", tag.handle, tag.suffix);
        match full.strip_prefix(CORE_TAG_PREFIX) {
            Some("str") => TagKind::Str,
            Some("int") => TagKind::Int,
            Some("float") => TagKind::Float,
            Some("bool") => TagKind::Bool,
            Some("null") => TagKind::Null,
            Some("binary") => TagKind::Binary,
            Some("merge") => TagKind::Merge,
            Some("map") => TagKind::Map,
            Some("seq") => TagKind::Seq,
            _ => TagKind::Opaque,
        }
    }

    fn label(self) -> &'static str {
        match self {
            TagKind::Str => "!!str",
            TagKind::Int => "!!int",
            TagKind::Float => "!!float",
            TagKind::Bool => "!!bool",
            TagKind::Null => "!!null",
            TagKind::Binary => "!!binary",
            TagKind::Merge => "!!merge",
            TagKind::Map => "!!map",
            TagKind::Seq => "!!seq",
            TagKind::None | TagKind::Opaque => "!",
        }
    }
}

/// Why a tagged scalar was refused.
enum TagProblem {
    Mismatch(TagKind),
    Unsupported(TagKind),
}

/// Types a scalar from its text, style and tag.
fn resolve_scalar(text: String, style: TScalarStyle, tag: TagKind) -> Result<Scalar, TagProblem> {
    match tag {
        TagKind::None if style == TScalarStyle::Plain => Ok(resolve_plain(&text)),
        TagKind::None | TagKind::Str | TagKind::Opaque => Ok(Scalar::Str(text)),
        TagKind::Merge if text == "<<" => Ok(Scalar::Merge),
        TagKind::Merge => Ok(Scalar::Str(text)),
        TagKind::Binary => Err(TagProblem::Unsupported(tag)),
        TagKind::Map | TagKind::Seq => Err(TagProblem::Mismatch(tag)),
        TagKind::Int | TagKind::Float | TagKind::Bool | TagKind::Null => {
            coerce(tag, resolve_plain(&text)).ok_or(TagProblem::Mismatch(tag))
        }
    }
}

/// Checks a resolved scalar against a scalar tag; only integers may widen to floats.
fn coerce(tag: TagKind, scalar: Scalar) -> Option<Scalar> {
    match (tag, scalar) {
        (TagKind::Int, s @ (Scalar::Int(_) | Scalar::UInt(_) | Scalar::Big(_))) => Some(s),
        (TagKind::Float, s @ Scalar::Float(_)) => Some(s),
        (TagKind::Float, Scalar::Int(i)) => Some(Scalar::Float(i as f64)),
        (TagKind::Bool, s @ Scalar::Bool(_)) => Some(s),
        (TagKind::Null, s @ Scalar::Null) => Some(s),
        _ => None,
    }
}

/// Types an untagged plain scalar.
fn resolve_plain(text: &str) -> Scalar {
    if let Some(special) = special_scalar(text) {
        return special;
    }
    match text.as_bytes().first() {
        Some(b'.') => dot_float(text).map_or_else(|| Scalar::Str(text.to_owned()), Scalar::Float),
        Some(b'0'..=b'9' | b'+' | b'-') => resolve_number(text),
        _ => Scalar::Str(text.to_owned()),
    }
}

/// The fixed words of YAML 1.1: booleans, nulls, infinities, not-a-number and `<<`.
fn special_scalar(text: &str) -> Option<Scalar> {
    let scalar = match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Scalar::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        ".nan" | ".NaN" | ".NAN" => Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Scalar::Float(f64::NEG_INFINITY),
        "<<" => Scalar::Merge,
        _ => return None,
    };
    Some(scalar)
}

/// A plain scalar starting with a digit or sign: integer, float, or else a string.
fn resolve_number(text: &str) -> Scalar {
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Ok(value) = parse_go_int(&plain) {
        return Scalar::Int(value);
    }
    let unsigned = parse_go_uint(&plain);
    if let Ok(value) = unsigned {
        return Scalar::UInt(value);
    }
    if is_yaml_float(&plain)
        && let Some(value) = parse_finite(&plain)
    {
        return Scalar::Float(value);
    }
    if unsigned == Err(IntError::Range)
        && let Some(value) = approximate_big(&plain)
    {
        return Scalar::Big(value);
    }
    Scalar::Str(text.to_owned())
}

/// A plain scalar starting with `.` that Go's float parser accepts, such as `.5` or `.5e3`.
fn dot_float(text: &str) -> Option<f64> {
    if text.contains('_') && !underscores_between_digits(text) {
        return None;
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if !is_yaml_float(&plain) {
        return None;
    }
    parse_finite(&plain)
}

fn underscores_between_digits(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b != b'_' || {
            let before = i.checked_sub(1).and_then(|j| bytes.get(j));
            let after = bytes.get(i.saturating_add(1));
            before.is_some_and(u8::is_ascii_digit) && after.is_some_and(u8::is_ascii_digit)
        }
    })
}

/// Matches `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_yaml_float(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        None => is_digits(mantissa),
        Some(("", fraction)) => is_digits(fraction),
        Some((whole, rest)) => is_digits(whole) && (rest.is_empty() || is_digits(rest)),
    };
    let exponent_ok = exponent.is_none_or(|e| is_digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn parse_finite(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// How Go's integer parsing failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IntError {
    Syntax,
    Range,
}

/// Go's `strconv.ParseInt(text, 0, 64)`: optional sign, then `0x`, `0o`, `0b` or `0` prefix.
fn parse_go_int(text: &str) -> Result<i64, IntError> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let magnitude = parse_go_uint(body)?;
    let cutoff = 1_u64 << 63;
    match negative {
        false if magnitude < cutoff => i64::try_from(magnitude).map_err(|_| IntError::Range),
        true if magnitude <= cutoff => Ok(0_i64.wrapping_sub_unsigned(magnitude)),
        _ => Err(IntError::Range),
    }
}

/// Go's `strconv.ParseUint(text, 0, 64)`; like Go, reports overflow as soon as it happens.
fn parse_go_uint(text: &str) -> Result<u64, IntError> {
    let (radix, digits) = split_radix(text)?;
    let mut value: u64 = 0;
    for c in digits.chars() {
        let digit = c.to_digit(radix).ok_or(IntError::Syntax)?;
        value = value
            .checked_mul(u64::from(radix))
            .and_then(|v| v.checked_add(u64::from(digit)))
            .ok_or(IntError::Range)?;
    }
    Ok(value)
}

/// Splits Go's base prefix off an unsigned integer literal.
fn split_radix(text: &str) -> Result<(u32, &str), IntError> {
    if text.is_empty() {
        return Err(IntError::Syntax);
    }
    let Some(rest) = text.strip_prefix('0') else {
        return Ok((10, text));
    };
    if text.len() >= 3 {
        let mut chars = rest.chars();
        let radix = match chars.next() {
            Some('b' | 'B') => Some(2),
            Some('o' | 'O') => Some(8),
            Some('x' | 'X') => Some(16),
            _ => None,
        };
        if let Some(radix) = radix {
            return Ok((radix, chars.as_str()));
        }
    }
    Ok((8, rest))
}

/// Approximates an integer literal too large for 64 bits, as JSON readers would.
fn approximate_big(text: &str) -> Option<f64> {
    let (radix, digits) = split_radix(text).ok()?;
    let mut value = 0.0_f64;
    for c in digits.chars() {
        value = value * f64::from(radix) + f64::from(c.to_digit(radix)?);
    }
    value.is_finite().then_some(value)
}

// ---------------------------------------------------------------------------------------------
// Conversion of scalars to JSON values and keys
// ---------------------------------------------------------------------------------------------

impl Scalar {
    fn into_value(self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Int(i) => Value::from(i),
            Scalar::UInt(u) => Value::from(u),
            Scalar::Big(f) | Scalar::Float(f) => float_value(f),
            Scalar::Str(s) => Value::String(s),
            Scalar::Merge => Value::String("<<".to_owned()),
        }
    }

    /// The JSON object key for this scalar, converted as sigs.k8s.io/yaml does.
    fn key_text(&self) -> Result<String, &'static str> {
        match self {
            Scalar::Str(s) => Ok(s.clone()),
            Scalar::Bool(b) => Ok(b.to_string()),
            Scalar::Int(i) => Ok(i.to_string()),
            Scalar::Float(f) => Ok(go_float32_text(*f)),
            Scalar::Null => Err("a null key has no json form"),
            Scalar::UInt(_) | Scalar::Big(_) => {
                Err("an integer key outside the signed 64-bit range has no json form")
            }
            Scalar::Merge => Err("an alias to a merge key `<<` cannot be used as a key"),
        }
    }
}

/// A float as the JSON that Go's encoder would write and a JSON reader would read back:
/// integral values become integers; infinities and NaN become the strings `.inf`, `-.inf`
/// and `.nan`, since JSON has no form for them.
fn float_value(f: f64) -> Value {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    const TWO_64: f64 = 18_446_744_073_709_551_616.0;
    if f.is_nan() {
        return Value::String(".nan".to_owned());
    }
    if f.is_infinite() {
        let text = if f > 0.0 { ".inf" } else { "-.inf" };
        return Value::String(text.to_owned());
    }
    if f.fract() == 0.0 && (-TWO_63..TWO_63).contains(&f) {
        return Value::from(f as i64);
    }
    if f.fract() == 0.0 && (0.0..TWO_64).contains(&f) {
        return Value::from(f as u64);
    }
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)` with infinities and NaN in YAML spelling.
fn go_float32_text(f: f64) -> String {
    let single = f as f32;
    if single.is_nan() {
        return ".nan".to_owned();
    }
    if single.is_infinite() {
        let text = if single > 0.0 { ".inf" } else { "-.inf" };
        return text.to_owned();
    }
    let scientific = format!("{single:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    let body = if digits == "0" {
        "0".to_owned()
    } else if !(-4..6).contains(&exponent) {
        go_exponent_form(&digits, exponent)
    } else {
        go_plain_form(&digits, exponent)
    };
    format!("{sign}{body}")
}

/// `d.ddde±XX` with at least two exponent digits, as Go writes it.
fn go_exponent_form(digits: &str, exponent: i32) -> String {
    let (first, rest) = digits.split_at_checked(1).unwrap_or((digits, ""));
    let point = if rest.is_empty() { "" } else { "." };
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{first}{point}{rest}e{sign}{:02}", exponent.unsigned_abs())
}

/// Positional notation for `0.digits × 10^(exponent + 1)`, exponent in -4..6.
fn go_plain_form(digits: &str, exponent: i32) -> String {
    let point = exponent.saturating_add(1);
    let Ok(point) = usize::try_from(point) else {
        let zeros = "0".repeat(usize::try_from(point.unsigned_abs()).unwrap_or(0));
        return format!("0.{zeros}{digits}");
    };
    match digits.split_at_checked(point) {
        Some((whole, "")) => whole.to_owned(),
        Some((whole, fraction)) if !whole.is_empty() => format!("{whole}.{fraction}"),
        Some((_, fraction)) => format!("0.{fraction}"),
        None => format!("{digits}{}", "0".repeat(point.saturating_sub(digits.len()))),
    }
}

// ---------------------------------------------------------------------------------------------
// Document tree
// ---------------------------------------------------------------------------------------------

/// A node of a document under construction; aliases share nodes instead of copying them.
#[derive(Clone, Debug)]
enum Node {
    Scalar(Scalar),
    Seq(Vec<Rc<Node>>),
    Map(BTreeMap<String, Rc<Node>>),
}

/// Size of a node as it will be once aliases are expanded.
#[derive(Clone, Copy, Debug, Default)]
struct Stats {
    /// Nodes, keys included.
    nodes: usize,
    /// Bytes of scalar and key text.
    text: usize,
    /// Nesting levels of sequences and mappings; 0 for a scalar.
    height: usize,
}

impl Stats {
    fn scalar(text: usize) -> Stats {
        Stats {
            nodes: 1,
            text,
            height: 0,
        }
    }

    fn absorb(&mut self, child: Stats) {
        self.nodes = self.nodes.saturating_add(child.nodes);
        self.text = self.text.saturating_add(child.text);
        self.height = self.height.max(child.height);
    }
}

/// A value of a mapping under construction.
struct Entry {
    node: Rc<Node>,
    /// Whether the value came from a merge key rather than being written in the mapping.
    merged: bool,
}

/// The key waiting for its value in a mapping under construction.
enum KeySlot {
    Named(String, Pos),
    Merge(Pos),
}

/// A mapping under construction.
#[derive(Default)]
struct MapBody {
    entries: BTreeMap<String, Entry>,
    key: Option<KeySlot>,
    has_merge: bool,
}

/// A sequence or mapping under construction.
enum Body {
    Seq(Vec<Rc<Node>>),
    Map(MapBody),
}

/// An open sequence or mapping.
struct Frame {
    body: Body,
    anchor: usize,
    pos: Pos,
    stats: Stats,
}

/// A completed node remembered under an anchor id.
struct Anchor {
    node: Rc<Node>,
    stats: Stats,
}

/// A problem found inside one mapping, turned into a [`YamlError`] by the caller.
enum MapProblem {
    Duplicate(String, Pos),
    Unsupported(&'static str),
    InvalidMerge(Pos),
    Ambiguous(String, Pos),
}

impl MapBody {
    /// Accepts a completed key node.
    fn set_key(&mut self, node: &Node, via_alias: bool, pos: Pos) -> Result<(), MapProblem> {
        let slot = match node {
            Node::Scalar(Scalar::Merge) if !via_alias => KeySlot::Merge(pos),
            Node::Scalar(scalar) => {
                KeySlot::Named(scalar.key_text().map_err(MapProblem::Unsupported)?, pos)
            }
            Node::Seq(_) => return Err(MapProblem::Unsupported("a sequence cannot be a key")),
            Node::Map(_) => return Err(MapProblem::Unsupported("a mapping cannot be a key")),
        };
        self.key = Some(slot);
        Ok(())
    }

    /// Accepts a completed value node for the waiting key.
    fn set_value(&mut self, node: Rc<Node>) -> Result<(), MapProblem> {
        match self.key.take() {
            Some(KeySlot::Named(key, pos)) => self.insert_explicit(key, node, pos),
            Some(KeySlot::Merge(pos)) => self.merge(&node, pos),
            None => Ok(()),
        }
    }

    fn insert_explicit(&mut self, key: String, node: Rc<Node>, at: Pos) -> Result<(), MapProblem> {
        if self.entries.get(&key).is_some_and(|entry| !entry.merged) {
            return Err(MapProblem::Duplicate(key, at));
        }
        let entry = Entry {
            node,
            merged: false,
        };
        self.entries.insert(key, entry);
        Ok(())
    }

    fn merge(&mut self, node: &Node, pos: Pos) -> Result<(), MapProblem> {
        if self.has_merge {
            return Err(MapProblem::Duplicate("<<".to_owned(), pos));
        }
        self.has_merge = true;
        match node {
            Node::Map(map) => self.merge_map(map, pos),
            Node::Seq(items) => items.iter().try_for_each(|item| match &**item {
                Node::Map(map) => self.merge_map(map, pos),
                _ => Err(MapProblem::InvalidMerge(pos)),
            }),
            Node::Scalar(_) => Err(MapProblem::InvalidMerge(pos)),
        }
    }

    /// Adds the entries of a merged mapping; earlier sources win over later ones.
    fn merge_map(&mut self, map: &BTreeMap<String, Rc<Node>>, pos: Pos) -> Result<(), MapProblem> {
        for (key, node) in map {
            match self.entries.get(key) {
                None => {
                    let entry = Entry {
                        node: Rc::clone(node),
                        merged: true,
                    };
                    self.entries.insert(key.clone(), entry);
                }
                Some(entry) if entry.merged => {}
                Some(_) => return Err(MapProblem::Ambiguous(key.clone(), pos)),
            }
        }
        Ok(())
    }
}

impl Frame {
    fn new(is_map: bool, anchor: usize, pos: Pos) -> Frame {
        let body = if is_map {
            Body::Map(MapBody::default())
        } else {
            Body::Seq(Vec::new())
        };
        Frame {
            body,
            anchor,
            pos,
            stats: Stats::scalar(0),
        }
    }

    /// Whether the next child of this frame would be a mapping key.
    fn expects_key(&self) -> bool {
        matches!(&self.body, Body::Map(map) if map.key.is_none())
    }

    /// Closes the frame into a node and its final size.
    fn close(self) -> (Rc<Node>, Stats, usize, Pos) {
        let node = match self.body {
            Body::Seq(items) => Node::Seq(items),
            Body::Map(map) => {
                let entries = map.entries.into_iter().map(|(k, e)| (k, e.node)).collect();
                Node::Map(entries)
            }
        };
        let stats = Stats {
            height: self.stats.height.saturating_add(1),
            ..self.stats
        };
        (Rc::new(node), stats, self.anchor, self.pos)
    }

    /// The JSON Pointer segment of the child currently being built in this frame.
    fn child_segment(&self) -> String {
        match &self.body {
            Body::Seq(items) => items.len().to_string(),
            Body::Map(map) => match &map.key {
                Some(KeySlot::Named(key, _)) => key.replace('~', "~0").replace('/', "~1"),
                Some(KeySlot::Merge(_)) => "<<".to_owned(),
                None => String::new(),
            },
        }
    }
}

/// How many times [`YamlLimits::max_nodes`] a whole stream may hold, over all documents.
const STREAM_NODE_FACTOR: usize = 4;

/// Budgets shared by all documents of a stream.
struct StreamBudget {
    /// Nodes of the documents read so far.
    nodes: usize,
    /// Nodes added by alias expansion so far.
    alias_nodes: usize,
    /// Bytes of text added by alias expansion so far.
    alias_text: usize,
    /// Most bytes of text alias expansion may add.
    alias_text_limit: usize,
}

/// One document under construction.
struct DocBuilder<'a> {
    limits: &'a YamlLimits,
    index: usize,
    line: usize,
    frames: Vec<Frame>,
    anchors: HashMap<usize, Anchor>,
    nodes: usize,
    aliases: usize,
    root: Option<Rc<Node>>,
    empty: bool,
}

impl<'a> DocBuilder<'a> {
    fn new(limits: &'a YamlLimits, index: usize, line: usize) -> Self {
        DocBuilder {
            limits,
            index,
            line,
            frames: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            aliases: 0,
            root: None,
            empty: false,
        }
    }

    fn scalar(
        &mut self,
        text: String,
        style: TScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        pos: Pos,
    ) -> Result<(), YamlError> {
        if self.frames.is_empty() && is_empty_content(&text, style, anchor, tag) {
            self.empty = true;
        }
        self.count_node(pos)?;
        let stats = Stats::scalar(text.len());
        let scalar = resolve_scalar(text, style, TagKind::classify(tag))
            .map_err(|problem| self.tag_error(problem, pos))?;
        self.attach(Rc::new(Node::Scalar(scalar)), stats, anchor, pos, false)
    }

    fn start(
        &mut self,
        is_map: bool,
        anchor: usize,
        tag: Option<&Tag>,
        pos: Pos,
    ) -> Result<(), YamlError> {
        if self.frames.last().is_some_and(Frame::expects_key) {
            let reason = if is_map {
                "a mapping cannot be a key"
            } else {
                "a sequence cannot be a key"
            };
            return Err(self.unsupported_key(reason, pos));
        }
        check_collection_tag(is_map, TagKind::classify(tag))
            .map_err(|problem| self.tag_error(problem, pos))?;
        if self.frames.len() >= self.limits.max_depth {
            return Err(self.too_deep(self.limits.max_depth, pos));
        }
        self.count_node(pos)?;
        self.frames.push(Frame::new(is_map, anchor, pos));
        Ok(())
    }

    fn end(&mut self, pos: Pos) -> Result<(), YamlError> {
        let Some(frame) = self.frames.pop() else {
            return Err(unexpected_event(pos));
        };
        let (node, stats, anchor, start) = frame.close();
        self.attach(node, stats, anchor, start, false)
    }

    fn alias(
        &mut self,
        id: usize,
        pos: Pos,
        budget: &mut StreamBudget,
        input: &str,
    ) -> Result<(), YamlError> {
        let Some(anchor) = self.anchors.get(&id) else {
            return Err(self.unknown_anchor(input, pos));
        };
        let (node, stats) = (Rc::clone(&anchor.node), anchor.stats);
        self.charge_alias(stats, pos, budget)?;
        self.attach(node, stats, 0, pos, true)
    }

    /// Prices an alias from its anchor's recorded size before anything is shared or copied.
    fn charge_alias(
        &mut self,
        stats: Stats,
        pos: Pos,
        budget: &mut StreamBudget,
    ) -> Result<(), YamlError> {
        let limits = self.limits;
        let aliases = self.aliases.saturating_add(1);
        if aliases > limits.max_alias_expansions {
            return Err(YamlError::TooManyAliases {
                limit: limits.max_alias_expansions,
                document: self.index,
                line: pos.line,
                column: pos.column,
            });
        }
        let nodes = self.nodes.saturating_add(stats.nodes);
        let alias_nodes = budget.alias_nodes.saturating_add(stats.nodes);
        if nodes > limits.max_nodes || alias_nodes > limits.max_nodes {
            return Err(self.too_many_nodes(pos));
        }
        let alias_text = budget.alias_text.saturating_add(stats.text);
        if alias_text > budget.alias_text_limit {
            return Err(YamlError::TooMuchAliasText {
                limit: budget.alias_text_limit,
                document: self.index,
                line: pos.line,
                column: pos.column,
            });
        }
        if self.frames.len().saturating_add(stats.height) > limits.max_depth {
            return Err(self.too_deep(limits.max_depth, pos));
        }
        (self.aliases, self.nodes) = (aliases, nodes);
        (budget.alias_nodes, budget.alias_text) = (alias_nodes, alias_text);
        Ok(())
    }

    fn count_node(&mut self, pos: Pos) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(1);
        if self.nodes > self.limits.max_nodes {
            return Err(self.too_many_nodes(pos));
        }
        Ok(())
    }

    /// Hangs a completed node into its parent (or makes it the root).
    fn attach(
        &mut self,
        node: Rc<Node>,
        stats: Stats,
        anchor: usize,
        pos: Pos,
        via_alias: bool,
    ) -> Result<(), YamlError> {
        if anchor != 0 {
            let remembered = Anchor {
                node: Rc::clone(&node),
                stats,
            };
            self.anchors.insert(anchor, remembered);
        }
        let Some(frame) = self.frames.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        frame.stats.absorb(stats);
        let outcome = match &mut frame.body {
            Body::Seq(items) => {
                items.push(node);
                Ok(())
            }
            Body::Map(map) if map.key.is_none() => map.set_key(&node, via_alias, pos),
            Body::Map(map) => map.set_value(node),
        };
        outcome.map_err(|problem| self.map_error(problem, pos))
    }

    /// Completes the document; `None` for an empty one.
    fn finish(self, pos: Pos) -> Result<Option<YamlDocument>, YamlError> {
        if !self.frames.is_empty() {
            return Err(unexpected_event(pos));
        }
        let DocBuilder {
            index,
            line,
            root,
            anchors,
            empty,
            ..
        } = self;
        drop(anchors);
        match root {
            Some(root) if !empty => Ok(Some(YamlDocument {
                index,
                line,
                value: into_value(root),
            })),
            _ => Ok(None),
        }
    }

    /// JSON Pointer to the innermost open collection.
    fn pointer(&self) -> String {
        let parents = self.frames.len().saturating_sub(1);
        self.frames
            .iter()
            .take(parents)
            .map(|frame| format!("/{}", frame.child_segment()))
            .collect()
    }

    fn map_error(&self, problem: MapProblem, pos: Pos) -> YamlError {
        match problem {
            MapProblem::Duplicate(key, at) => YamlError::DuplicateKey {
                document: self.index,
                key,
                path: self.pointer(),
                line: at.line,
                column: at.column,
            },
            MapProblem::Unsupported(reason) => self.unsupported_key(reason, pos),
            MapProblem::InvalidMerge(at) => YamlError::InvalidMerge {
                document: self.index,
                line: at.line,
                column: at.column,
            },
            MapProblem::Ambiguous(key, at) => YamlError::AmbiguousMerge {
                document: self.index,
                key,
                path: self.pointer(),
                line: at.line,
                column: at.column,
            },
        }
    }

    fn tag_error(&self, problem: TagProblem, pos: Pos) -> YamlError {
        match problem {
            TagProblem::Mismatch(tag) => YamlError::TagMismatch {
                tag: tag.label(),
                document: self.index,
                line: pos.line,
                column: pos.column,
            },
            TagProblem::Unsupported(tag) => YamlError::UnsupportedTag {
                tag: tag.label(),
                document: self.index,
                line: pos.line,
                column: pos.column,
            },
        }
    }

    fn unsupported_key(&self, reason: &'static str, pos: Pos) -> YamlError {
        YamlError::UnsupportedKey {
            document: self.index,
            line: pos.line,
            column: pos.column,
            reason,
        }
    }

    fn too_deep(&self, limit: usize, pos: Pos) -> YamlError {
        YamlError::TooDeep {
            limit,
            document: self.index,
            line: pos.line,
            column: pos.column,
        }
    }

    fn too_many_nodes(&self, pos: Pos) -> YamlError {
        YamlError::TooManyNodes {
            limit: self.limits.max_nodes,
            document: self.index,
            line: pos.line,
            column: pos.column,
        }
    }

    fn unknown_anchor(&self, input: &str, pos: Pos) -> YamlError {
        YamlError::UnknownAnchor {
            name: alias_name_at(input, pos),
            document: self.index,
            line: pos.line,
            column: pos.column,
        }
    }
}

/// Whether a document's root scalar stands for "no content at all".
fn is_empty_content(text: &str, style: TScalarStyle, anchor: usize, tag: Option<&Tag>) -> bool {
    text.is_empty() && style == TScalarStyle::Plain && anchor == 0 && tag.is_none()
}

/// Refuses standard tags that contradict the kind of collection they are on.
fn check_collection_tag(is_map: bool, tag: TagKind) -> Result<(), TagProblem> {
    match tag {
        TagKind::None | TagKind::Opaque => Ok(()),
        TagKind::Map if is_map => Ok(()),
        TagKind::Seq if !is_map => Ok(()),
        _ => Err(TagProblem::Mismatch(tag)),
    }
}

fn unexpected_event(pos: Pos) -> YamlError {
    YamlError::Syntax {
        line: pos.line,
        column: pos.column,
        message: "the parser produced an unexpected event".to_owned(),
    }
}

/// Recovers the name of the alias written at `pos`, shortened, for error messages.
fn alias_name_at(input: &str, pos: Pos) -> String {
    let line = input.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
    let mut chars = line.chars().skip(pos.column.saturating_sub(1));
    if chars.next() != Some('*') {
        return String::new();
    }
    chars
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        .take(ECHO_CHARS.saturating_add(1))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Stream reading
// ---------------------------------------------------------------------------------------------

/// Turns parser events into documents.
struct StreamReader<'a> {
    input: &'a str,
    limits: &'a YamlLimits,
    budget: StreamBudget,
    started: usize,
    doc: Option<DocBuilder<'a>>,
}

/// What one event completed.
enum Step {
    /// Nothing yet.
    Continue,
    /// A non-empty document.
    Document(YamlDocument),
    /// The stream.
    End,
}

impl<'a> StreamReader<'a> {
    fn new(input: &'a str, limits: &'a YamlLimits) -> Self {
        let alias_text_limit = input
            .len()
            .saturating_mul(ALIAS_TEXT_PER_INPUT_BYTE)
            .max(MIN_ALIAS_TEXT);
        StreamReader {
            input,
            limits,
            budget: StreamBudget {
                nodes: 0,
                alias_nodes: 0,
                alias_text: 0,
                alias_text_limit,
            },
            started: 0,
            doc: None,
        }
    }

    /// Index of the document being read, or of the next one between documents.
    fn current_index(&self) -> usize {
        self.doc.as_ref().map_or(self.started, |doc| doc.index)
    }

    /// Handles one event.
    fn feed(&mut self, event: Event, mark: Marker) -> Result<Step, YamlError> {
        let pos = Pos::from_marker(&mark);
        match event {
            Event::StreamEnd => return Ok(Step::End),
            Event::StreamStart | Event::Nothing => {}
            Event::DocumentStart => self.start_document(pos),
            Event::DocumentEnd => {
                let document = self.end_document(pos)?;
                return Ok(document.map_or(Step::Continue, Step::Document));
            }
            other => self.feed_node(other, pos)?,
        }
        Ok(Step::Continue)
    }

    fn start_document(&mut self, pos: Pos) {
        self.doc = Some(DocBuilder::new(self.limits, self.started, pos.line));
        self.started = self.started.saturating_add(1);
    }

    /// Completes the document being read; `None` for an empty one.
    fn end_document(&mut self, pos: Pos) -> Result<Option<YamlDocument>, YamlError> {
        let Some(doc) = self.doc.take() else {
            return Err(unexpected_event(pos));
        };
        // Each document keeps to the node limit; the stream keeps to a multiple of it, so
        // that many documents cannot add up to unbounded memory.
        self.budget.nodes = self.budget.nodes.saturating_add(doc.nodes);
        let stream_limit = self.limits.max_nodes.saturating_mul(STREAM_NODE_FACTOR);
        if self.budget.nodes > stream_limit {
            return Err(YamlError::TooManyNodes {
                limit: stream_limit,
                document: doc.index,
                line: pos.line,
                column: pos.column,
            });
        }
        doc.finish(pos)
    }

    fn feed_node(&mut self, event: Event, pos: Pos) -> Result<(), YamlError> {
        let Some(doc) = self.doc.as_mut() else {
            return Err(unexpected_event(pos));
        };
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                doc.scalar(text, style, anchor, tag.as_ref(), pos)
            }
            Event::SequenceStart(anchor, tag) => doc.start(false, anchor, tag.as_ref(), pos),
            Event::MappingStart(anchor, tag) => doc.start(true, anchor, tag.as_ref(), pos),
            Event::SequenceEnd | Event::MappingEnd => doc.end(pos),
            Event::Alias(id) => doc.alias(id, pos, &mut self.budget, self.input),
            _ => Err(unexpected_event(pos)),
        }
    }

    /// Converts an error of the YAML scanner or parser.
    fn scan_error(&self, error: &ScanError) -> YamlError {
        let pos = Pos::from_marker(error.marker());
        let document = self.current_index();
        match error.info() {
            PARSER_DEPTH_MESSAGE => YamlError::TooDeep {
                limit: self.limits.max_depth.min(PARSER_FLOW_DEPTH),
                document,
                line: pos.line,
                column: pos.column,
            },
            PARSER_ANCHOR_MESSAGE => YamlError::UnknownAnchor {
                name: alias_name_at(self.input, pos),
                document,
                line: pos.line,
                column: pos.column,
            },
            message => YamlError::Syntax {
                line: pos.line,
                column: pos.column,
                message: message.to_owned(),
            },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Conversion of the document tree to JSON, without recursion
// ---------------------------------------------------------------------------------------------

/// A JSON container being filled from a node's children.
enum Builder {
    Seq(Vec<Value>, std::vec::IntoIter<Rc<Node>>),
    Map(
        Map<String, Value>,
        std::collections::btree_map::IntoIter<String, Rc<Node>>,
        String,
    ),
}

impl Builder {
    fn next_child(&mut self) -> Option<Rc<Node>> {
        match self {
            Builder::Seq(_, children) => children.next(),
            Builder::Map(_, children, key) => children.next().map(|(k, child)| {
                *key = k;
                child
            }),
        }
    }

    fn attach(&mut self, value: Value) {
        match self {
            Builder::Seq(items, _) => items.push(value),
            Builder::Map(map, _, key) => {
                map.insert(std::mem::take(key), value);
            }
        }
    }

    fn finish(self) -> Value {
        match self {
            Builder::Seq(items, _) => Value::Array(items),
            Builder::Map(map, _, _) => Value::Object(map),
        }
    }
}

/// Either a finished leaf value or a container to fill.
enum Opened {
    Leaf(Value),
    Container(Builder),
}

/// Takes a node out of its `Rc`, copying only its top level when it is shared.
fn open(node: Rc<Node>) -> Opened {
    let node = Rc::try_unwrap(node).unwrap_or_else(|shared| (*shared).clone());
    match node {
        Node::Scalar(scalar) => Opened::Leaf(scalar.into_value()),
        Node::Seq(items) => {
            let values = Vec::with_capacity(items.len());
            Opened::Container(Builder::Seq(values, items.into_iter()))
        }
        Node::Map(map) => {
            Opened::Container(Builder::Map(Map::new(), map.into_iter(), String::new()))
        }
    }
}

/// Expands a document tree into a JSON value with an explicit stack.
fn into_value(root: Rc<Node>) -> Value {
    let mut stack: Vec<Builder> = Vec::new();
    let mut pending = Some(root);
    loop {
        let mut finished = match pending.take().map(open) {
            Some(Opened::Leaf(value)) => Some(value),
            Some(Opened::Container(builder)) => {
                stack.push(builder);
                None
            }
            None => None,
        };
        loop {
            let Some(top) = stack.last_mut() else {
                return finished.unwrap_or(Value::Null);
            };
            if let Some(value) = finished.take() {
                top.attach(value);
            }
            if let Some(child) = top.next_child() {
                pending = Some(child);
                break;
            }
            finished = stack.pop().map(Builder::finish);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Message helpers
// ---------------------------------------------------------------------------------------------

/// Quotes text from the input for a message, keeping at most a short prefix.
fn echo(text: &str) -> String {
    shorten(text, ECHO_CHARS)
}

/// Quotes a JSON Pointer for a message, naming the root explicitly.
fn echo_pointer(path: &str) -> String {
    if path.is_empty() {
        "the document root".to_owned()
    } else {
        shorten(path, ECHO_POINTER_CHARS)
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    let mut short: String = text.chars().take(max_chars).collect();
    if text.chars().nth(max_chars).is_some() {
        short.push('…');
    }
    format!("{short:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(input: &str) -> Result<Vec<YamlDocument>, YamlError> {
        read_documents(input, &YamlLimits::default())
    }

    fn one(input: &str) -> Value {
        match read(input).as_deref() {
            Ok([doc]) => doc.value.clone(),
            other => panic!("expected one document from {input:?}, got {other:?}"),
        }
    }

    fn err(input: &str) -> YamlError {
        match read(input) {
            Err(error) => error,
            Ok(docs) => panic!("expected an error from {input:?}, got {docs:?}"),
        }
    }

    /// The key named by the duplicate-key error of `input`.
    fn duplicate_key(input: &str) -> String {
        match err(input) {
            YamlError::DuplicateKey { key, .. } => key,
            other => panic!("{input:?}: {other:?}"),
        }
    }

    /// Value of key `v` in the single document `v: <text>`.
    fn plain(text: &str) -> Value {
        one(&format!("v: {text}\n"))["v"].clone()
    }

    /// Runs `f` on a thread with a small stack, to prove that nothing recurses deeply.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(f)
            .unwrap_or_else(|e| panic!("cannot spawn: {e}"));
        handle.join().unwrap_or_else(|_| panic!("thread panicked"))
    }

    fn billion_laughs(prefix: &str) -> String {
        let mut text = String::from(prefix);
        text.push_str("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..10 {
            let refs = vec![format!("*l{}", level - 1); 9].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
        }
        text
    }

    #[test]
    fn default_limits() {
        let limits = YamlLimits::default();
        assert_eq!(limits.max_depth, 64);
        assert_eq!(limits.max_nodes, 1_000_000);
        assert_eq!(limits.max_alias_expansions, 10_000);
    }

    #[test]
    fn plain_scalars_follow_yaml_1_1() {
        assert_eq!(plain("yes"), json!(true));
        assert_eq!(plain("No"), json!(false));
        assert_eq!(plain("on"), json!(true));
        assert_eq!(plain("OFF"), json!(false));
        assert_eq!(plain("y"), json!(true));
        assert_eq!(plain("N"), json!(false));
        assert_eq!(plain("True"), json!(true));
        assert_eq!(plain("0755"), json!(493));
        assert_eq!(plain("3"), json!(3));
        assert_eq!(plain("-42"), json!(-42));
        assert_eq!(plain("+7"), json!(7));
        assert_eq!(plain("1.5"), json!(1.5));
        assert_eq!(plain("~"), Value::Null);
        assert_eq!(plain("null"), Value::Null);
        assert_eq!(plain("NULL"), Value::Null);
        assert_eq!(plain(""), Value::Null);
        assert_eq!(plain("nil"), json!("nil"));
        assert_eq!(plain("yes please"), json!("yes please"));
        assert_eq!(plain("YeS"), json!("YeS"));
    }

    #[test]
    fn quoted_scalars_are_strings() {
        assert_eq!(plain("\"yes\""), json!("yes"));
        assert_eq!(plain("'yes'"), json!("yes"));
        assert_eq!(plain("'0755'"), json!("0755"));
        assert_eq!(plain("\"3\""), json!("3"));
        assert_eq!(plain("'1.5'"), json!("1.5"));
        assert_eq!(plain("'~'"), json!("~"));
        assert_eq!(plain("''"), json!(""));
    }

    #[test]
    fn integers_in_every_base() {
        assert_eq!(plain("0x1F"), json!(31));
        assert_eq!(plain("-0x1f"), json!(-31));
        assert_eq!(plain("0b101"), json!(5));
        assert_eq!(plain("0o17"), json!(15));
        assert_eq!(plain("1_000_000"), json!(1_000_000));
        assert_eq!(plain("0"), json!(0));
        assert_eq!(plain("9223372036854775807"), json!(i64::MAX));
        assert_eq!(plain("-9223372036854775808"), json!(i64::MIN));
        assert_eq!(
            plain("9223372036854775808"),
            json!(9_223_372_036_854_775_808_u64)
        );
        assert_eq!(plain("18446744073709551615"), json!(u64::MAX));
        assert_eq!(plain("0xFFFFFFFFFFFFFFFF"), json!(u64::MAX));
    }

    #[test]
    fn out_of_range_integers_become_floats_like_go_yaml() {
        assert_eq!(
            plain("18446744073709551616"),
            json!(18_446_744_073_709_551_616.0)
        );
        assert_eq!(plain("-9223372036854775809"), json!(i64::MIN));
        assert_eq!(
            plain("0x10000000000000000"),
            json!(18_446_744_073_709_551_616.0)
        );
        assert_eq!(plain("0x1G"), json!("0x1G"));
    }

    #[test]
    fn floats_and_special_floats() {
        assert_eq!(plain(".5"), json!(0.5));
        assert_eq!(plain("-.5"), json!(-0.5));
        assert_eq!(plain("1e3"), json!(1000));
        assert_eq!(plain("2.5E-1"), json!(0.25));
        assert_eq!(plain("1."), json!(1));
        assert_eq!(plain("08"), json!(8));
        assert_eq!(plain(".inf"), json!(".inf"));
        assert_eq!(plain("-.Inf"), json!("-.inf"));
        assert_eq!(plain("+.INF"), json!(".inf"));
        assert_eq!(plain(".NaN"), json!(".nan"));
        assert_eq!(plain("1e400"), json!("1e400"));
        assert_eq!(plain("1.2.3"), json!("1.2.3"));
        assert_eq!(plain(".e3"), json!(".e3"));
    }

    #[test]
    fn other_plain_scalars_are_strings() {
        assert_eq!(plain("190:20:30"), json!("190:20:30"));
        assert_eq!(plain("2001-12-14"), json!("2001-12-14"));
        assert_eq!(plain("-x"), json!("-x"));
        assert_eq!(plain("+"), json!("+"));
        assert_eq!(plain("0x"), json!("0x"));
        assert_eq!(plain("_1"), json!("_1"));
        assert_eq!(plain("inf"), json!("inf"));
        assert_eq!(plain("a <<"), json!("a <<"));
        assert_eq!(plain("<<"), json!("<<"));
    }

    #[test]
    fn explicit_tags() {
        assert_eq!(plain("!!str 0755"), json!("0755"));
        assert_eq!(plain("!!str yes"), json!("yes"));
        assert_eq!(plain("!!int \"42\""), json!(42));
        assert_eq!(plain("!!int 0x10"), json!(16));
        assert_eq!(plain("!!float 1.5"), json!(1.5));
        assert_eq!(plain("!!float 3"), json!(3));
        assert_eq!(plain("!!bool 'yes'"), json!(true));
        assert_eq!(plain("!!null ''"), Value::Null);
        assert_eq!(plain("!<tag:yaml.org,2002:int> '7'"), json!(7));
        assert_eq!(plain("!!map {a: 1}"), json!({"a": 1}));
        assert_eq!(plain("!!seq [1]"), json!([1]));
    }

    #[test]
    fn unknown_tags_read_scalars_as_strings_like_go_yaml() {
        assert_eq!(plain("!custom 12"), json!("12"));
        assert_eq!(plain("! yes"), json!("yes"));
        assert_eq!(plain("!!timestamp 2001-12-14"), json!("2001-12-14"));
        assert_eq!(plain("!custom [1, yes]"), json!([1, true]));
    }

    #[test]
    fn contradicting_tags_are_refused() {
        let cases = [
            ("v: !!int abc", "!!int"),
            ("v: !!int 1.5", "!!int"),
            ("v: !!float abc", "!!float"),
            ("v: !!bool 1", "!!bool"),
            ("v: !!null 0", "!!null"),
            ("v: !!map [1]", "!!map"),
            ("v: !!seq {a: 1}", "!!seq"),
            ("v: !!str [a]", "!!str"),
            ("v: !!map x", "!!map"),
        ];
        for (input, expected) in cases {
            match err(input) {
                YamlError::TagMismatch { tag, line: 1, .. } => assert_eq!(tag, expected),
                other => panic!("{input}: {other:?}"),
            }
        }
        assert!(matches!(
            err("v: !!binary aGk="),
            YamlError::UnsupportedTag {
                tag: "!!binary",
                line: 1,
                ..
            }
        ));
    }

    #[test]
    fn block_scalars_are_strings() {
        let text = "literal: |\n  yes\n  0755\nfolded: >\n  one\n  two\nstrip: |-\n  3\n";
        assert_eq!(
            one(text),
            json!({"literal": "yes\n0755\n", "folded": "one two\n", "strip": "3"})
        );
    }

    #[test]
    fn documents_are_passed_as_they_are_read_until_the_caller_stops() {
        #[derive(Debug, PartialEq)]
        enum Stop {
            Yaml(YamlError),
            Enough,
        }
        impl From<YamlError> for Stop {
            fn from(error: YamlError) -> Self {
                Stop::Yaml(error)
            }
        }
        let stream = "a: 1\n---\n---\nb: 2\n---\nc: 3\n---\n[\n";
        let mut seen = Vec::new();
        let stopped = for_each_document(stream, &YamlLimits::default(), |document| {
            seen.push(document.index);
            if document.index == 2 {
                return Err(Stop::Enough);
            }
            Ok(())
        });
        // Stopped at `b`: neither `c` nor the broken document after it was read.
        assert_eq!((stopped, seen), (Err(Stop::Enough), vec![0, 2]));
    }

    #[test]
    fn multi_document_indexes_and_lines() {
        let text = "# leading comment\na: 1\n---\n# only a comment\n---\n...\n--- ~\n---\nb: 2\n\
                    ...\n# after the end\n...\n---\n";
        let docs = read(text).unwrap_or_else(|e| panic!("{e}"));
        let summary: Vec<(usize, usize, Value)> = docs
            .into_iter()
            .map(|d| (d.index, d.line, d.value))
            .collect();
        assert_eq!(
            summary,
            vec![
                (0, 2, json!({"a": 1})),
                (3, 7, Value::Null),
                (4, 8, json!({"b": 2})),
            ]
        );
    }

    #[test]
    fn empty_streams_have_no_documents() {
        for text in [
            "",
            "# only a comment\n",
            "---\n",
            "--- # comment\n",
            "...\n",
            "---\n...\n",
        ] {
            assert_eq!(read(text), Ok(Vec::new()), "{text:?}");
        }
    }

    #[test]
    fn explicit_null_documents_are_kept() {
        let docs = read("--- null\n--- ~\n---\n").unwrap_or_else(|e| panic!("{e}"));
        let values: Vec<(usize, Value)> = docs.into_iter().map(|d| (d.index, d.value)).collect();
        assert_eq!(values, vec![(0, Value::Null), (1, Value::Null)]);
        assert_eq!(one("~"), Value::Null);
        assert_eq!(one("--- !!null\n"), Value::Null);
    }

    #[test]
    fn duplicate_keys_are_refused_with_pointer_and_position() {
        let error = err("a: 1\nb: 2\na: 3\n");
        assert_eq!(
            error,
            YamlError::DuplicateKey {
                document: 0,
                key: "a".into(),
                path: String::new(),
                line: 3,
                column: 1
            }
        );
        let error = err("kind: ConfigMap\nmetadata:\n  name: x\n  name: y\n");
        assert!(matches!(
            error,
            YamlError::DuplicateKey { ref key, ref path, line: 4, column: 3, .. }
                if key == "name" && path == "/metadata"
        ));
        let error = err("items:\n- a: 1\n- a: 1\n  a: 2\n");
        let expected = YamlError::DuplicateKey {
            document: 0,
            key: "a".into(),
            path: "/items/1".into(),
            line: 4,
            column: 3,
        };
        assert_eq!(error, expected);
    }

    #[test]
    fn duplicate_keys_compare_converted_keys() {
        let error = err("data:\n  yes: 1\n  true: 2\n");
        assert!(matches!(
            error,
            YamlError::DuplicateKey { ref key, ref path, line: 3, column: 3, .. }
                if key == "true" && path == "/data"
        ));
        assert_eq!(duplicate_key("1: a\n1.0: b\n"), "1");
        assert_eq!(duplicate_key("0x10: a\n16: b\n"), "16");
        assert!(matches!(
            err("{a: 1, a: 2}"),
            YamlError::DuplicateKey { column: 8, .. }
        ));
        assert_eq!(one("\"yes\": 1\ntrue: 2\n"), json!({"yes": 1, "true": 2}));
    }

    #[test]
    fn duplicate_key_pointer_is_escaped() {
        let error = err("a/b:\n  m~n:\n    k: 1\n    k: 2\n");
        assert!(matches!(
            error,
            YamlError::DuplicateKey { ref path, line: 4, column: 5, .. } if path == "/a~1b/m~0n"
        ));
    }

    #[test]
    fn non_string_keys_are_converted_like_sigs_k8s_yaml() {
        let text = "{yes: a, no: b, 0755: c, 1.5: d, 2.0: e, 1e6: f, 0.1: g, .inf: h, \
                    123456789.0: i, -0x10: j, 'quoted': k}";
        assert_eq!(
            one(text),
            json!({
                "true": "a", "false": "b", "493": "c", "1.5": "d", "2": "e", "1e+06": "f",
                "0.1": "g", ".inf": "h", "1.2345679e+08": "i", "-16": "j", "quoted": "k"
            })
        );
    }

    #[test]
    fn float_keys_use_go_formatting() {
        let cases = [
            (1.0, "1"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (100.0, "100"),
            (123_456.0, "123456"),
            (1_234_567.0, "1.234567e+06"),
            (1e6, "1e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5, "-2.5"),
            (0.0, "0"),
            (-0.0, "-0"),
            (1.234_567_89, "1.2345679"),
            (16_777_217.0, "1.6777216e+07"),
            (1e20, "1e+20"),
            (1.5e-7, "1.5e-07"),
            (1e39, ".inf"),
            (f64::NEG_INFINITY, "-.inf"),
            (f64::NAN, ".nan"),
        ];
        for (value, expected) in cases {
            assert_eq!(go_float32_text(value), expected, "{value}");
        }
    }

    #[test]
    fn keys_without_json_form_are_refused() {
        let cases = [
            ("[a]: 1\n", 1, 1),
            ("? {a: 1}\n: 2\n", 1, 3),
            ("~: 1\n", 1, 1),
            ("a: 1\n: 2\n", 2, 1),
            ("18446744073709551615: x\n", 1, 1),
            ("a: &x [1]\n*x : 2\n", 2, 1),
            ("{[1]: 2}", 1, 2),
        ];
        for (input, line, column) in cases {
            match err(input) {
                YamlError::UnsupportedKey {
                    line: l, column: c, ..
                } => {
                    assert_eq!((l, c), (line, column), "{input:?}")
                }
                other => panic!("{input:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn merge_keys() {
        let text = "base: &base {a: 1, b: 2}\n\
                    extra: &extra {b: 3, c: 4}\n\
                    one:\n  <<: *base\n  b: 9\n\
                    many:\n  <<: [*base, *extra]\n  d: 5\n\
                    inline:\n  <<: {z: 0}\n\
                    quoted:\n  '<<': 1\n\
                    tagged:\n  !!merge <<: *extra\n\
                    value: <<\n";
        let value = one(text);
        assert_eq!(value["one"], json!({"a": 1, "b": 9}));
        assert_eq!(value["many"], json!({"a": 1, "b": 2, "c": 4, "d": 5}));
        assert_eq!(value["inline"], json!({"z": 0}));
        assert_eq!(value["quoted"], json!({"<<": 1}));
        assert_eq!(value["tagged"], json!({"b": 3, "c": 4}));
        assert_eq!(value["value"], json!("<<"));
    }

    #[test]
    fn merge_key_conflicts_are_refused() {
        let duplicate = err("b: &b {x: 1}\nm:\n  <<: *b\n  c: 1\n  c: 2\n");
        assert!(
            matches!(duplicate, YamlError::DuplicateKey { ref path, line: 5, .. } if path == "/m")
        );
        let twice = err("b: &b {x: 1}\nm:\n  <<: *b\n  <<: *b\n");
        assert!(matches!(twice, YamlError::DuplicateKey { ref key, line: 4, .. } if key == "<<"));
        let ambiguous = err("b: &b {x: 1}\nm:\n  x: 2\n  <<: *b\n");
        assert!(matches!(
            ambiguous,
            YamlError::AmbiguousMerge { ref key, ref path, line: 4, column: 3, .. }
                if key == "x" && path == "/m"
        ));
        assert!(matches!(
            err("<<: 1\n"),
            YamlError::InvalidMerge {
                line: 1,
                column: 1,
                ..
            }
        ));
        assert!(matches!(
            err("a: &a 1\n<<: [*a]\n"),
            YamlError::InvalidMerge { line: 2, .. }
        ));
        let aliased = err("k: &k <<\nm: {x: 1}\n*k : 2\n");
        assert!(matches!(aliased, YamlError::UnsupportedKey { line: 3, .. }));
    }

    #[test]
    fn aliases_expand_by_value() {
        let text = "a: &x {k: [1, 2]}\nb: *x\nc: [*x, *x]\nd: &s text\ne: *s\n";
        let value = one(text);
        let x = json!({"k": [1, 2]});
        assert_eq!(value["b"], x);
        assert_eq!(value["c"], json!([x, x]));
        assert_eq!(value["e"], json!("text"));
        let redefined = one("a: &x 1\nb: *x\nc: &x 2\nd: *x\n");
        assert_eq!(redefined, json!({"a": 1, "b": 1, "c": 2, "d": 2}));
        assert_eq!(
            one("k: &k name\n*k : v\n"),
            json!({"k": "name", "name": "v"})
        );
    }

    #[test]
    fn billion_laughs_is_refused() {
        let error = on_small_stack(|| read(&billion_laughs("")));
        assert!(
            matches!(
                error,
                Err(YamlError::TooManyNodes {
                    limit: 1_000_000,
                    ..
                })
            ),
            "{error:?}"
        );
    }

    #[test]
    fn alias_bomb_under_an_unread_key_is_refused() {
        let text = billion_laughs("apiVersion: v1\nkind: ConfigMap\ndata: {}\nunused:\n  ");
        let text = text.replace("\nl", "\n  l");
        assert!(matches!(read(&text), Err(YamlError::TooManyNodes { .. })));
    }

    #[test]
    fn too_many_alias_uses_are_refused() {
        let refs = vec!["*a"; 10_001].join(", ");
        let error = err(&format!("a: &a x\nb: [{refs}]\n"));
        assert!(matches!(
            error,
            YamlError::TooManyAliases {
                limit: 10_000,
                line: 2,
                ..
            }
        ));
    }

    #[test]
    fn alias_nodes_are_capped_across_the_stream() {
        let limits = YamlLimits {
            max_nodes: 1_000,
            ..YamlLimits::default()
        };
        let refs = ["*a"; 9].join(", ");
        let items = ["1"; 90].join(", ");
        let doc = format!("---\na: &a [{items}]\nb: [{refs}]\n");
        assert!(read_documents(&doc, &limits).is_ok());
        let twice = format!("{doc}{doc}");
        let error = read_documents(&twice, &limits);
        assert!(
            matches!(error, Err(YamlError::TooManyNodes { document: 1, .. })),
            "{error:?}"
        );
    }

    #[test]
    fn alias_text_is_capped() {
        let big = "x".repeat(1 << 20);
        let refs = ["*a"; 20].join(", ");
        let error = err(&format!("a: &a {big}\nb: [{refs}]\n"));
        let expected = YamlError::TooMuchAliasText {
            limit: 16 << 20,
            document: 0,
            line: 2,
            column: 5 + 4 * 16,
        };
        assert_eq!(error, expected);
    }

    #[test]
    fn deep_flow_nesting_is_refused_without_recursion() {
        for open in ["[", "{"] {
            let text = open.repeat(10_000);
            let error = on_small_stack(move || read(&text));
            assert!(
                matches!(
                    error,
                    Err(YamlError::TooDeep {
                        limit: 64,
                        line: 1,
                        ..
                    })
                ),
                "{error:?}"
            );
        }
        let text = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        let error = on_small_stack(move || read(&text));
        assert!(matches!(
            error,
            Err(YamlError::TooDeep {
                limit: 64,
                line: 1,
                column: 65,
                ..
            })
        ));
    }

    #[test]
    fn deep_block_nesting_is_refused_without_recursion() {
        let dashes = format!("{}x\n", "- ".repeat(10_000));
        let error = on_small_stack(move || read(&dashes));
        assert!(
            matches!(error, Err(YamlError::TooDeep { limit: 64, .. })),
            "{error:?}"
        );
        let mut indented = String::new();
        for level in 0..10_000 {
            indented.push_str(&" ".repeat(level));
            indented.push_str("k:\n");
        }
        let error = on_small_stack(move || read(&indented));
        assert!(
            matches!(
                error,
                Err(YamlError::TooDeep {
                    limit: 64,
                    line: 65,
                    ..
                })
            ),
            "{error:?}"
        );
    }

    #[test]
    fn depth_limit_is_exact_and_counts_aliases() {
        let limits = YamlLimits::default();
        let at_limit = format!("{}1{}", "[".repeat(64), "]".repeat(64));
        assert!(read_documents(&at_limit, &limits).is_ok());
        let nested = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        let text = format!(
            "a: &deep {nested}\nb: {}*deep{}\n",
            "[".repeat(30),
            "]".repeat(30)
        );
        assert!(matches!(
            read(&text),
            Err(YamlError::TooDeep { line: 2, .. })
        ));
    }

    #[test]
    fn unknown_anchors_are_refused() {
        let error = err("a: *nope\n");
        assert_eq!(
            error,
            YamlError::UnknownAnchor {
                name: "nope".into(),
                document: 0,
                line: 1,
                column: 4
            }
        );
        let error = err("a: &x 1\n---\nb: *x\n");
        assert_eq!(
            error,
            YamlError::UnknownAnchor {
                name: "x".into(),
                document: 1,
                line: 3,
                column: 4
            }
        );
    }

    #[test]
    fn syntax_errors_carry_positions() {
        let cases = [
            ("a: [1, 2\nb: 3\n", 2, 2),
            ("a: 1\nb: c: d\n", 2, 5),
            ("a: 'open\n", 1, 4),
            ("a: 1\n  b: 2\n", 2, 4),
        ];
        for (input, line, column) in cases {
            match err(input) {
                YamlError::Syntax {
                    line: l,
                    column: c,
                    message,
                } => {
                    assert_eq!((l, c), (line, column), "{input:?}: {message}");
                    assert!(!message.is_empty());
                }
                other => panic!("{input:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn json_is_yaml() {
        let text = r#"{"a": [1, "x", null, true, -2.5e3], "b": {"c": "yes", "d": 0755, "e": {}}}"#;
        let expected =
            json!({"a": [1, "x", null, true, -2500], "b": {"c": "yes", "d": 493, "e": {}}});
        assert_eq!(one(text), expected);
        let pretty = "{\n  \"kind\": \"ConfigMap\",\n  \"data\": {\n    \"k\": \"v\"\n  }\n}\n";
        assert_eq!(
            one(pretty),
            json!({"kind": "ConfigMap", "data": {"k": "v"}})
        );
        assert_eq!(one("[]"), json!([]));
    }

    #[test]
    fn unicode_and_nul_escapes_are_preserved() {
        let text = "a: \"\\0\"\nb: \"x\\u0000y\"\nc: ключ ☃ 😀\nd: \"\\u00e9\\U0001F600\"\n";
        assert_eq!(
            one(text),
            json!({"a": "\u{0}", "b": "x\u{0}y", "c": "ключ ☃ 😀", "d": "é😀"})
        );
    }

    #[test]
    fn forbidden_characters_are_refused() {
        let cases = [
            ("a: 1\u{0}b: 2\n", 0, 1, 5),
            ("a: 1\nb: x\u{7}\n", 7, 2, 5),
            ("a: x\u{2028}b: y\n", 0x2028, 1, 5),
            ("a: x\u{85}y\n", 0x85, 1, 5),
            ("a: 1\n\u{feff}b: 2\n", 0xfeff, 2, 1),
            ("a: \"\u{1b}\"\n", 0x1b, 1, 5),
        ];
        for (input, code, line, column) in cases {
            assert_eq!(
                read(input),
                Err(YamlError::ForbiddenCharacter { code, line, column }),
                "{input:?}"
            );
        }
        assert_eq!(
            one("\u{feff}a: 1\r\nb: \"\t\"\r\n"),
            json!({"a": 1, "b": "\t"})
        );
    }

    #[test]
    fn oversized_flow_collections_are_refused() {
        let limits = YamlLimits {
            max_nodes: 10,
            ..YamlLimits::default()
        };
        let text = format!("[{}1]", "1,".repeat(70_000));
        let error = read_documents(&text, &limits);
        assert!(matches!(
            error,
            Err(YamlError::FlowTooLarge {
                limit: 65_536,
                line: 1,
                ..
            })
        ));
        let list = one(&text);
        assert_eq!(list.as_array().map(Vec::len), Some(70_001));
        let commas = format!("v: |\n  {}\n", ",".repeat(60_000));
        assert!(read_documents(&commas, &limits).is_ok());
    }

    #[test]
    fn node_limit_applies_per_document() {
        let limits = YamlLimits {
            max_nodes: 5,
            ..YamlLimits::default()
        };
        assert!(read_documents("[1, 2, 3, 4]\n---\n[1, 2, 3, 4]\n", &limits).is_ok());
        let error = read_documents("---\n[1]\n---\n[1, 2, 3, 4, 5]\n", &limits);
        assert!(matches!(
            error,
            Err(YamlError::TooManyNodes {
                limit: 5,
                document: 1,
                line: 4,
                column: 14
            })
        ));
    }

    #[test]
    fn messages_are_short_lowercase_and_unpunctuated() {
        let long = "k".repeat(100);
        let errors = [
            err(&format!("{long}: 1\n{long}: 2\n")),
            err("a: *nope\n"),
            err("a: [1\n"),
            err("a: !!int x\n"),
            err(&"[".repeat(300)),
            err("~: 1\n"),
        ];
        for error in errors {
            let message = error.to_string();
            assert!(!message.ends_with('.'), "{message}");
            assert!(message.starts_with(|c: char| c.is_lowercase()), "{message}");
            assert!(!message.contains(&long), "{message}");
        }
        let message = err(&format!("{long}: 1\n{long}: 2\n")).to_string();
        assert!(
            message.contains(&format!("\"{}…\"", "k".repeat(40))),
            "{message}"
        );
    }
}
