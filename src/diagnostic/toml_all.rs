//! A TOML file read into serde structs with every key error reported at once, not only the first.
//!
//! serde stops at its first error. To find the next, the key-value pair the error is about (an unknown key, a value
//! of the wrong type) is blanked out, spaces for every byte, newlines kept, so that every later error's span is
//! still an offset into the file as written, and the text is read again; up to [`MAX_ERRORS`] times. Errors that
//! blanking cannot get past (a syntax error, a missing key) end the search: what was found so far is reported. A
//! "missing key" error caused by a pair this reader blanked itself (a value of the wrong type, now absent) is not
//! the user's and is left out, nor is one the user misspelt (`nmae` unknown, so `name` missing: one mistake, whose
//! message already says "did you mean 'name'?").

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml_edit::{ImDocument, InlineTable, Item, Table, Value};

/// Most errors reported from one file: past a screenful, more messages help no one.
pub const MAX_ERRORS: usize = 20;

/// `text` deserialized, or every error found in it (at least one), in the order serde meets them: the file's
/// order, a table's missing key after its other errors.
///
/// # Errors
/// toml's errors, each with the span it had in `text`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Vec<toml::de::Error>> {
    let mut current = text.to_string();
    let mut errors: Vec<toml::de::Error> = Vec::new();
    // The keys blanked for their values (not for being unknown): a later "missing field" about one is ours.
    let mut blanked_values: Vec<String> = Vec::new();
    // The unknown keys blanked: a missing key one of them was meant to be (`nmae` for `name`) is the same mistake.
    let mut blanked_unknown: Vec<String> = Vec::new();
    loop {
        let e = match toml::from_str::<T>(&current) {
            Ok(value) if errors.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(e) => e,
        };
        if let Some(key) = missing_key(e.message()) {
            let misspelt = blanked_unknown.iter().any(|u| !super::did_you_mean(u, [key]).is_empty());
            if !errors.is_empty() && (misspelt || blanked_values.iter().any(|k| k == key)) {
                break;
            }
            errors.push(e);
            break;
        }
        let Some(span) = e.span() else {
            errors.push(e);
            break;
        };
        let unknown = e.message().starts_with("unknown field");
        errors.push(e);
        if errors.len() >= MAX_ERRORS {
            break;
        }
        // A syntax error (the document does not parse) cannot be stepped over.
        let Ok(doc) = ImDocument::parse(current.as_str()) else { break };
        let Some((pair, key)) = innermost_pair(doc.as_table(), span.start) else { break };
        // A span toml_edit gives is on character boundaries; checked all the same, as slicing off one would panic.
        let usable =
            pair.end <= current.len() && current.is_char_boundary(pair.start) && current.is_char_boundary(pair.end);
        if !usable || pair.is_empty() || current[pair.clone()].trim().is_empty() {
            break;
        }
        if unknown {
            blanked_unknown.push(key);
        } else {
            blanked_values.push(key);
        }
        current = blank(&current, pair);
    }
    errors.dedup_by(|a, b| a.span() == b.span() && a.message() == b.message());
    Err(errors)
}

/// The key serde's "missing field `key`" names.
fn missing_key(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// `text` with the bytes of `span` replaced by spaces (newlines kept, so lines and columns stay where they were).
fn blank(text: &str, span: Range<usize>) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..span.start]);
    out.extend(text[span.clone()].chars().flat_map(|c| {
        let keep = if c == '\n' || c == '\r' { c } else { ' ' };
        std::iter::repeat_n(keep, if keep == ' ' { c.len_utf8() } else { 1 })
    }));
    out.push_str(&text[span.end..]);
    out
}

/// The innermost `key = value` pair whose text holds byte `at`: its span (key to end of value) and its key.
fn innermost_pair(table: &Table, at: usize) -> Option<(Range<usize>, String)> {
    for (name, item) in table.iter() {
        let key_span = table.key(name).and_then(|k| k.span());
        match item {
            Item::Table(t) => {
                if let Some(found) = innermost_pair(t, at) {
                    return Some(found);
                }
            }
            Item::ArrayOfTables(a) => {
                if let Some(found) = a.iter().find_map(|t| innermost_pair(t, at)) {
                    return Some(found);
                }
            }
            Item::Value(v) => {
                if let Some(found) = in_value(v, at) {
                    return Some(found);
                }
                if let Some(pair) = pair_span(key_span, v.span()).filter(|p| p.contains(&at)) {
                    return Some((pair, name.to_string()));
                }
            }
            Item::None => {}
        }
    }
    None
}

/// The innermost pair of an inline table inside `v` that holds `at`.
fn in_value(v: &Value, at: usize) -> Option<(Range<usize>, String)> {
    match v {
        Value::InlineTable(t) => in_inline(t, at),
        Value::Array(a) => a.iter().find_map(|x| in_value(x, at)),
        _ => None,
    }
}

fn in_inline(table: &InlineTable, at: usize) -> Option<(Range<usize>, String)> {
    for (name, v) in table.iter() {
        if let Some(found) = in_value(v, at) {
            return Some(found);
        }
        let key_span = table.key(name).and_then(|k| k.span());
        if let Some(pair) = pair_span(key_span, v.span()).filter(|p| p.contains(&at)) {
            return Some((pair, name.to_string()));
        }
    }
    None
}

fn pair_span(key: Option<Range<usize>>, value: Option<Range<usize>>) -> Option<Range<usize>> {
    let (k, v) = (key?, value?);
    Some(k.start..v.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        a: A,
        #[serde(default)]
        b: Option<B>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct A {
        name: String,
        size: Option<u32>,
        inner: Option<B>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct B {
        x: Option<u32>,
    }

    fn errors(text: &str) -> Vec<(usize, String)> {
        from_str::<Doc>(text).unwrap_err().iter().map(|e| (e.span().unwrap().start, e.message().to_string())).collect()
    }

    #[test]
    fn every_unknown_key_and_wrong_type_is_found_in_file_order() {
        let text = "[a]\nname = \"n\"\nsise = 3\ninner = { z = 2 }\n[b]\ny = 1\nx = \"no\"\n";
        let found = errors(text);
        let starts: Vec<usize> = found.iter().map(|(s, _)| *s).collect();
        // Bytes: `[a]\n` 0–3, `name = "n"\n` 4–14, so `sise` is byte 15; `inner = { ` starts at 24, so `z` is byte
        // 34; the line ends at 41, `[b]\n` is 42–45, `y` byte 46; `x = ` is 52–55, so the string starts at byte 56.
        assert_eq!(starts, [15, 34, 46, 56], "{found:?}");
        assert!(found[0].1.starts_with("unknown field `sise`"), "{found:?}");
        assert!(found[3].1.contains("invalid type"), "{found:?}");
    }

    #[test]
    fn a_missing_key_is_reported_once_and_never_one_this_reader_caused() {
        // `zzz` is unknown, and `name` is then missing: two mistakes.
        let found = errors("[a]\nzzz = \"n\"\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[1].1.starts_with("missing field `name`"), "{found:?}");
        // `nmae` is unknown and so `name` is missing: one mistake, said once.
        let found = errors("[a]\nnmae = \"n\"\n");
        assert_eq!(found.len(), 1, "{found:?}");
        // `name = 3` is of the wrong type; blanked, `name` is missing, which is this reader's doing: left out.
        let found = errors("[a]\nname = 3\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("invalid type"), "{found:?}");
    }

    #[test]
    fn a_syntax_error_ends_the_search_and_a_good_file_reads() {
        assert_eq!(errors("[a]\nname = \n").len(), 1);
        assert!(from_str::<Doc>("[a]\nname = \"n\"\n[b]\nx = 1\n").is_ok());
    }

    proptest::proptest! {
        /// On any text built from good and bad lines (unknown keys, wrong types, syntax errors, inline tables,
        /// multi-byte characters): never a panic; it reads exactly when toml reads; and its first error is toml's.
        #[test]
        fn agrees_with_toml_on_the_first_error(
            picks in proptest::collection::vec(0usize..LINES.len(), 0..12)
        ) {
            let text: String = picks.iter().map(|&i| LINES[i]).collect::<Vec<_>>().join("\n");
            let ours = from_str::<Doc>(&text);
            let theirs = toml::from_str::<Doc>(&text);
            proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok());
            if let (Err(ours), Err(theirs)) = (ours, theirs) {
                proptest::prop_assert!(!ours.is_empty() && ours.len() <= MAX_ERRORS);
                proptest::prop_assert_eq!(ours[0].span(), theirs.span());
                proptest::prop_assert_eq!(ours[0].message(), theirs.message());
            }
        }
    }

    const LINES: [&str; 14] = [
        "[a]",
        "[b]",
        "name = \"é\"",
        "name = 3",
        "size = 12",
        "size = \"x\"",
        "nmae = 1",
        "inner = { x = 1 }",
        "inner = { z = \"ü\", x = 2 }",
        "x = 7",
        "y = [1, 2]",
        "name = ",
        "a.name = \"n\"",
        "[[b]]",
    ];

    #[test]
    fn blanking_keeps_every_offset_and_line() {
        let text = "a = \"é\"\nb = 1\n";
        let blanked = blank(text, 0..8);
        assert_eq!(blanked.len(), text.len());
        // `a = "é"` is 8 bytes (`é` is two): 8 spaces, then the newline and line 2 as they were.
        assert_eq!(blanked, format!("{}\nb = 1\n", " ".repeat(8)));
    }
}
