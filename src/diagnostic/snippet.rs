//! The source line an error points at, drawn under the error with a caret, as compilers show it.
//!
//! Every located error's message carries `path:line:col`; [`for_message`] finds the first such place whose file
//! exists and draws that line (annotate-snippets, the renderer rustc's diagnostics use). Only files of the kinds
//! costsim reads are quoted (by extension): an error about a file that is not one of them (a trace path pointing at
//! a credentials file) must not print its content.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Extensions of the files whose lines may be quoted.
const QUOTABLE: [&str; 11] = ["toml", "csv", "json", "yml", "yaml", "tf", "tfvars", "hcl", "log", "txt", "tsv"];
/// Largest file read for a snippet [bytes].
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Characters shown of a long line, around the column.
const WINDOW_CHARS: usize = 120;

/// The snippet for the first `path:line:col` in `message` whose file can be quoted; `None` when there is none.
/// `color` styles it (a terminal that did not ask for `NO_COLOR`).
pub fn for_message(message: &str, color: bool) -> Option<String> {
    let (path, line, column) = find_location(message)?;
    let text = read_line(Path::new(&path), line)?;
    let (shown, shown_column) = window(&text, column);
    let start = shown.char_indices().nth(shown_column - 1).map_or(shown.len(), |(i, _)| i);
    let end = shown[start..].chars().next().map_or(start, |c| start + c.len_utf8());
    let mut snippet =
        Snippet::source(shown.as_str()).line_start(line).annotation(AnnotationKind::Primary.span(start..end));
    // The renderer would give the column within the cut line; the message above has the true one.
    if shown_column == column {
        snippet = snippet.path(path.as_str());
    }
    let report = [Group::with_level(Level::ERROR).element(snippet)];
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    Some(renderer.render(&report))
}

/// The first word of `message` shaped `path:line:col` (a trailing colon allowed) whose path is a quotable file.
fn find_location(message: &str) -> Option<(String, usize, usize)> {
    message.split_whitespace().find_map(|word| {
        let word = word.trim_end_matches([':', ',', ')', '\'']).trim_start_matches(['(', '\'']);
        let mut parts = word.rsplitn(3, ':');
        let column = parts.next()?.parse::<usize>().ok().filter(|c| *c >= 1)?;
        let line = parts.next()?.parse::<usize>().ok().filter(|l| *l >= 1)?;
        let path = parts.next()?;
        let p = Path::new(path);
        let quotable =
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| QUOTABLE.contains(&e.to_ascii_lowercase().as_str()));
        (quotable && p.is_file()).then(|| (path.to_string(), line, column))
    })
}

/// Line `line` (1-based) of the file, control characters shown as `�` (a line may hold terminal escapes), or `None`
/// if the file is too large, unreadable or shorter.
fn read_line(path: &Path, line: usize) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() > MAX_FILE_BYTES {
        return None;
    }
    let mut reader = BufReader::new(file.take(MAX_FILE_BYTES));
    let mut buf = Vec::new();
    for _ in 0..line {
        buf.clear();
        if reader.read_until(b'\n', &mut buf).ok()? == 0 {
            return None;
        }
    }
    let text = String::from_utf8_lossy(&buf);
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    Some(text.chars().map(|c| if c.is_control() && c != '\t' { '\u{fffd}' } else { c }).collect())
}

/// At most [`WINDOW_CHARS`] characters of `text` around `column` (1-based), and the column within them; a cut is
/// marked with `…`.
fn window(text: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let column = column.min(chars.len() + 1);
    if chars.len() <= WINDOW_CHARS {
        return (text.to_string(), column);
    }
    let from = column.saturating_sub(WINDOW_CHARS / 2).min(chars.len().saturating_sub(WINDOW_CHARS));
    let to = (from + WINDOW_CHARS).min(chars.len());
    let mut shown = String::new();
    let mut shift = 0;
    if from > 0 {
        shown.push('…');
        shift = 1;
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    (shown, column - from + shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_drawn_with_a_caret_under_the_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "name = \"api\"\nmemory_mb = [128, 0]\n").unwrap();
        let message = format!("{}:2:19: memory_mb must be 128 to 10240 (got 0)", path.display());
        let out = for_message(&message, false).unwrap();
        // Column 19 is the `0`: "memory_mb = [128, " is 18 characters.
        let lines: Vec<&str> = out.lines().collect();
        let source = lines.iter().position(|l| l.ends_with("memory_mb = [128, 0]")).unwrap();
        let code_at = lines[source].find("memory_mb").unwrap();
        let caret = lines[source + 1].find('^').unwrap();
        assert_eq!(caret - code_at, 18, "{out}");
        assert!(lines[source].starts_with("2 |"), "{out}");
        assert!(out.contains(&format!("{}:2:19", path.display())), "{out}");
    }

    #[test]
    fn files_of_other_kinds_and_missing_places_are_not_quoted() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("credentials");
        std::fs::write(&secret, "aws_secret_access_key = abc\n").unwrap();
        assert!(for_message(&format!("{}:1:1: not a trace", secret.display()), false).is_none());
        let short = dir.path().join("a.csv");
        std::fs::write(&short, "a,b\n").unwrap();
        assert!(for_message(&format!("{}:5:1: beyond the end", short.display()), false).is_none());
        assert!(for_message("no location here: 3:4", false).is_none());
    }

    #[test]
    fn a_long_line_is_cut_around_the_column_and_escapes_are_not_printed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let line = format!("{}X{}\u{1b}[31m", "a".repeat(500), "b".repeat(500));
        std::fs::write(&path, format!("{line}\n")).unwrap();
        let out = for_message(&format!("{}:1:501: bad", path.display()), false).unwrap();
        assert!(!out.contains('\u{1b}'), "{out:?}");
        let source = out.lines().find(|l| l.contains('X')).unwrap();
        assert!(source.contains('…') && source.chars().count() < 140, "{source}");
        let caret_line = out.lines().skip_while(|l| !l.contains('X')).nth(1).unwrap();
        let column_of = |line: &str, c: char| line.chars().position(|x| x == c).unwrap();
        assert_eq!(column_of(source, 'X'), column_of(caret_line, '^'), "{out}");
        assert!(!out.contains(":1:"), "no path line with the column of the cut line: {out}");
    }
}
