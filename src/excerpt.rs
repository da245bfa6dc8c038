//! Short, escaped excerpts of what a user wrote, for error messages.
//!
//! An error may quote the value it rejects, but never more than [`MAX_EXCERPT_CHARS`] characters of it, with
//! control characters escaped: a message must not reproduce a file (a trace path pointing at a secrets file) or
//! move the terminal's cursor. Readers quote nothing at all from a file whose first line already fails their
//! format check: such a file is not one they know, and its content is none of the message's business.

/// Longest excerpt quoted in a message [characters], the "…" excluded.
pub const MAX_EXCERPT_CHARS: usize = 40;

/// At most [`MAX_EXCERPT_CHARS`] characters of `text`, control characters escaped (`\n`, `\u{1b}`), and `…`
/// when it was cut.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX_EXCERPT_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_are_short_and_escaped() {
        assert_eq!(excerpt("many"), "many");
        // 50 characters: the first 40 and an ellipsis.
        let long = "AWS_SECRET_ACCESS_KEY=abcdefghijklmnopqrstuvwxyz0123";
        assert_eq!(excerpt(long), format!("{}…", &long[..40]));
        assert_eq!(excerpt("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\n");
        assert_eq!(excerpt(""), "");
    }
}
