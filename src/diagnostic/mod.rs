//! Source locations for user-facing errors: `path:line:column: message`, as compilers and ripgrep print them.
//!
//! [`LocatedError`] is the one error type every parser of a user's file ends in (logs, Power Tuning JSON,
//! report.json): a [`Location`] and what is wrong there. [`json_pointer_offset`] finds where a value of a parsed
//! JSON document is written, so that checks made on the parsed value can still name `file:line:col`;
//! [`excerpt`] quotes what the user wrote, short and with control characters escaped.

pub mod snippet;
pub mod toml_all;

use std::fmt;
use std::ops::Range;

/// A place in an input file, 1-based, as editors count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// File name as the user gave it (or a description such as `built-in catalog`).
    pub path: String,
    /// Line number, 1-based.
    pub line: usize,
    /// Column number in characters, 1-based.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text` (clamped to the end of the text).
    pub fn at_offset(path: &str, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location { path: path.to_string(), line, column }
    }

    /// The location of the start of `span` in `text`.
    pub fn at_span(path: &str, text: &str, span: &Range<usize>) -> Location {
        Location::at_offset(path, text, span.start)
    }

    /// A location known by line and column (both 1-based; 0 is read as 1).
    pub fn at_line(path: &str, line: usize, column: usize) -> Location {
        Location { path: path.to_string(), line: line.max(1), column: column.max(1) }
    }

    /// Where serde_json stopped in `text` on `error`. serde_json counts columns in bytes, the last byte it read
    /// included; this counts characters, as editors do.
    pub fn of_json_error(path: &str, text: &str, error: &serde_json::Error) -> Location {
        Location::at_offset(path, text, json_error_offset(text, error))
    }
}

/// The byte offset in `text` where serde_json stopped on `error` (the last byte it read).
pub fn json_error_offset(text: &str, error: &serde_json::Error) -> usize {
    let line_start = text.split_inclusive('\n').take(error.line().saturating_sub(1)).map(str::len).sum::<usize>();
    line_start + error.column().saturating_sub(1)
}

/// serde_json's message for `error` without its own " at line L column C" (the caller locates it).
pub fn json_error_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

/// Something wrong at a place in an input file: `path:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct LocatedError {
    /// Where.
    pub location: Location,
    /// What is wrong, and what is allowed.
    pub message: String,
}

impl LocatedError {
    /// An error at `location`.
    pub fn new(location: Location, message: impl Into<String>) -> LocatedError {
        LocatedError { location, message: message.into() }
    }

    /// A serde_json error on `text`, located, its message without serde_json's own " at line L column C".
    pub fn from_json(path: &str, text: &str, error: &serde_json::Error) -> LocatedError {
        LocatedError::new(Location::of_json_error(path, text, error), json_error_message(error))
    }

    /// An error about the value at JSON `pointer` (e.g. `/points/3/monthly_cost`) in `text`; at the start of the
    /// text if the pointer is not found.
    pub fn at_pointer(path: &str, text: &str, pointer: &str, message: impl Into<String>) -> LocatedError {
        let offset = json_pointer_offset(text, pointer).unwrap_or(0);
        LocatedError::new(Location::at_offset(path, text, offset), message)
    }
}

/// A number as a message quotes it: short (`1e308`, not 309 digits), `inf` and `NaN` as they are.
pub fn number(x: f64) -> String {
    if x.is_finite() && x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Longest excerpt of a user's input quoted in a message [characters].
pub const EXCERPT_CHARS: usize = 40;

/// `text` as it may be quoted in a message: at most [`EXCERPT_CHARS`] characters (then `…`), control
/// characters, quotes and backslashes escaped, so a message is one line and shows no more than the user wrote.
/// Readers quote nothing at all from a file whose first line already fails their format check: such a file is
/// not one they know (a trace path pointing at a secrets file), and its content is none of the message's business.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == EXCERPT_CHARS {
            out.push('…');
            break;
        }
        match c {
            '\'' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.extend(c.escape_default());
            }
            c => out.push(c),
        }
    }
    out
}

/// The byte offset in the JSON `text` where the value at RFC 6901 `pointer` starts (`""` is the whole document,
/// `/points/3/monthly_cost` a member of an element); `None` if `text` has no such value or is not JSON there.
/// Keys are compared decoded (escapes such as `\u0041` or `\"` match `A` and `"`); with duplicate keys, the
/// last one is found, as serde_json keeps the last.
pub fn json_pointer_offset(text: &str, pointer: &str) -> Option<usize> {
    let segments: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer.strip_prefix('/')?.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
    };
    let b = text.as_bytes();
    let mut i = json_scan::ws(b, 0);
    for seg in &segments {
        i = match *b.get(i)? {
            b'{' => json_scan::member(text, i, seg)?,
            b'[' => json_scan::element(b, i, seg.parse().ok()?)?,
            _ => return None,
        };
    }
    (i < b.len()).then_some(i)
}

/// A minimal JSON scanner for [`json_pointer_offset`]: it only skips values, it does not check them.
mod json_scan {
    pub(super) fn ws(b: &[u8], mut i: usize) -> usize {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    }

    /// The end (one past the closing quote) of the string starting at `i`.
    fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
        i += 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }

    /// The end of the value starting at `i`.
    fn value_end(b: &[u8], i: usize) -> Option<usize> {
        match *b.get(i)? {
            b'"' => string_end(b, i),
            b'{' | b'[' => {
                // Brackets nest; strings may hold brackets.
                let mut depth = 0usize;
                let mut j = i;
                while j < b.len() {
                    match b[j] {
                        b'"' => {
                            j = string_end(b, j)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(j + 1);
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                None
            }
            _ => {
                let mut j = i;
                while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    j += 1;
                }
                (j > i).then_some(j)
            }
        }
    }

    /// The start of member `key`'s value in the object at `i` (the last such member).
    pub(super) fn member(text: &str, i: usize, key: &str) -> Option<usize> {
        let b = text.as_bytes();
        let mut j = ws(b, i + 1);
        let mut found = None;
        if b.get(j) == Some(&b'}') {
            return None;
        }
        loop {
            if b.get(j) != Some(&b'"') {
                return None;
            }
            let end = string_end(b, j)?;
            let name: String = serde_json::from_str(text.get(j..end)?).ok()?;
            j = ws(b, end);
            if b.get(j) != Some(&b':') {
                return None;
            }
            j = ws(b, j + 1);
            if name == key {
                found = Some(j);
            }
            j = ws(b, value_end(b, j)?);
            match b.get(j) {
                Some(b',') => j = ws(b, j + 1),
                Some(b'}') => return found,
                _ => return found,
            }
        }
    }

    /// The start of element `n` of the array at `i`.
    pub(super) fn element(b: &[u8], i: usize, n: usize) -> Option<usize> {
        let mut j = ws(b, i + 1);
        if b.get(j) == Some(&b']') {
            return None;
        }
        for _ in 0..n {
            j = ws(b, value_end(b, j)?);
            if b.get(j) != Some(&b',') {
                return None;
            }
            j = ws(b, j + 1);
        }
        Some(j)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// `" (did you mean 'x'?)"` when one of `candidates` is close to `word`, else an empty string.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    let best = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        // The first of equally close candidates wins (max_by would keep the last).
        .fold(None, |best: Option<(f64, &str)>, c| match best {
            Some(b) if b.0 >= c.0 => Some(b),
            _ => Some(c),
        });
    match best {
        Some((_, c)) => format!(" (did you mean '{c}'?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_columns_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(Location::at_offset("f", text, 0).to_string(), "f:1:1");
        // "bb = 2": byte 6 is 'b' at line 2, column 1; byte 11 is '2', column 6.
        assert_eq!(Location::at_offset("f", text, 6).to_string(), "f:2:1");
        assert_eq!(Location::at_offset("f", text, 11).to_string(), "f:2:6");
    }

    #[test]
    fn finds_json_values_by_pointer() {
        // Byte offsets counted by hand: `{"a": [1, {"b\u0041": "x]}", "c": 2}], "d": {"e": -3.5e2}}`.
        let text = r#"{"a": [1, {"b\u0041": "x]}", "c": 2}], "d": {"e": -3.5e2}}"#;
        assert_eq!(json_pointer_offset(text, ""), Some(0));
        assert_eq!(json_pointer_offset(text, "/a"), Some(6));
        assert_eq!(json_pointer_offset(text, "/a/0"), Some(7));
        assert_eq!(json_pointer_offset(text, "/a/1"), Some(10));
        // The escaped key "b\u0041" is "bA"; its value starts after `"bA": ` at byte 22; the string holds `]}`.
        assert_eq!(json_pointer_offset(text, "/a/1/bA"), Some(22));
        assert_eq!(json_pointer_offset(text, "/a/1/c"), Some(34));
        assert_eq!(json_pointer_offset(text, "/d/e"), Some(50));
        assert_eq!(json_pointer_offset(text, "/a/2"), None);
        assert_eq!(json_pointer_offset(text, "/zz"), None);
        assert_eq!(json_pointer_offset(text, "/a/x"), None);
        // Keys with `/` and `~` are written `~1` and `~0`: `[]` is byte 9. Line 2 starts at byte 13 and the
        // string `"\""` of /k/q at byte 25: column 25 − 13 + 1 = 13.
        let text = "{\"x/y~\": [],\n \"k\": {\"q\": \"\\\"\"}}";
        assert_eq!(json_pointer_offset(text, "/x~1y~0"), Some(9));
        let at = LocatedError::at_pointer("r.json", text, "/k/q", "bad");
        assert_eq!(at.to_string(), "r.json:2:13: bad");
        // Duplicate keys: the last, as serde_json keeps it.
        assert_eq!(json_pointer_offset(r#"{"a": 1, "a": 22}"#, "/a"), Some(14));
    }

    #[test]
    fn json_errors_are_located_in_characters() {
        // Line 2 is ` "é": x}`: `é` is two bytes, so the bad `x` is byte 8 but character 7 of the line.
        let text = "{\n \"é\": x}";
        let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let l = LocatedError::from_json("f.json", text, &e);
        assert_eq!(l.location.to_string(), "f.json:2:7");
        assert!(!l.message.contains(" at line "), "{}", l.message);
    }

    #[test]
    fn numbers_in_messages_are_short() {
        assert_eq!(number(1e308), "1e308");
        assert_eq!(number(-2.5e-9), "-2.5e-9");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(f64::INFINITY), "inf");
    }

    #[test]
    fn excerpts_are_short_and_escaped() {
        assert_eq!(excerpt("ab\tc\u{1b}[31m'"), "ab\\tc\\u{1b}[31m\\'");
        let long = "x".repeat(100);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("us-east1", ["us-east-1", "eu-west-1"]), " (did you mean 'us-east-1'?)");
        assert_eq!(did_you_mean("zzz", ["us-east-1"]), "");
    }
}
