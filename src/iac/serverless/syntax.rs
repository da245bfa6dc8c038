//! The framework's variable syntax: where `${…}` starts and ends in a scalar (nested variables kept inside their
//! own), which of them are variables, and the commas between a variable and its fallbacks
//! (serverless/serverless docs/guides/variables.md).

/// A piece of a scalar: text, or the inside of `${…}`.
pub enum Piece<'t> {
    /// Text as written.
    Text(&'t str),
    /// The inside of `${…}`.
    Var(&'t str),
}

/// The framework's variable syntax: `source:address` with a source free of `{}:` and an address not starting
/// with `:`, or `file(…)`. So CloudFormation's `${AWS::Region}` and `${Queue.Arn}` (in `!Sub`) stay text.
pub fn is_variable(inner: &str) -> bool {
    let inner = inner.trim_start();
    if inner.starts_with("file(") {
        return true;
    }
    match inner.split_once(':') {
        Some((source, address)) => {
            !source.is_empty() && !source.contains(['{', '}', ' ', '\t', '\n', ',']) && !address.starts_with(':')
        }
        None => false,
    }
}

/// `text` split into text and `${…}` pieces, nested `${…}` kept inside their variable.
pub fn split(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let (mut rest, bytes) = (0, text.as_bytes());
    let mut i = 0;
    while i + 1 < bytes.len() {
        if &bytes[i..i + 2] != b"${" {
            i += 1;
            continue;
        }
        let (mut depth, mut j) = (1, i + 2);
        while j < bytes.len() && depth > 0 {
            if bytes[j..].starts_with(b"${") {
                depth += 1;
                j += 2;
                continue;
            }
            if bytes[j] == b'}' {
                depth -= 1;
            }
            j += 1;
        }
        if depth > 0 {
            break;
        }
        let inner = &text[i + 2..j - 1];
        if is_variable(inner) {
            if rest < i {
                pieces.push(Piece::Text(&text[rest..i]));
            }
            pieces.push(Piece::Var(inner));
            rest = j;
        }
        i = j;
    }
    if rest < text.len() {
        pieces.push(Piece::Text(&text[rest..]));
    }
    pieces
}

/// `inner` split at its top-level commas (not inside `${…}`, parentheses or quotes).
pub fn split_commas(inner: &str) -> Vec<&str> {
    let (mut parts, mut start, mut depth, mut quote) = (Vec::new(), 0, 0usize, None);
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '{' | '(') => depth += 1,
            (None, '}' | ')') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_and_commas() {
        assert!(matches!(
            split("a-${self:b}-c").as_slice(),
            [Piece::Text("a-"), Piece::Var("self:b"), Piece::Text("-c")]
        ));
        assert!(matches!(split("${AWS::Region}").as_slice(), [Piece::Text("${AWS::Region}")]));
        assert!(matches!(split("${self:a.${sls:stage}}").as_slice(), [Piece::Var("self:a.${sls:stage}")]));
        assert_eq!(split_commas("opt:stage, 'd,ev'"), ["opt:stage", " 'd,ev'"]);
        assert_eq!(split_commas("env:A, ${env:B, 1}"), ["env:A", " ${env:B, 1}"]);
    }
}
