//! Source locations for user-facing errors: `path:line:column: message`, as compilers and ripgrep print them.

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
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("us-east1", ["us-east-1", "eu-west-1"]), " (did you mean 'us-east-1'?)");
        assert_eq!(did_you_mean("zzz", ["us-east-1"]), "");
    }
}
