//! A YAML document as a tree that keeps what the CloudFormation and Serverless readers need and serde's YAML
//! crates drop: each node's line and column (for `file:line:col` errors), its tag (`!Ref`, `!GetAtt`, `!Sub`: the
//! short forms of CloudFormation's intrinsic functions) and whether a scalar was quoted (`"128"` is a string,
//! `128` a number). Built from yaml-rust2's event parser, which reports both.
//!
//! Bounded: nesting deeper than [`MAX_DEPTH`] and documents whose aliases expand past [`MAX_NODES`] nodes (the
//! "billion laughs" of nested anchors) are refused with their location rather than exhausting memory or the stack.
//! A JSON template is read by the same parser (JSON is YAML's flow style).

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::ImportError;
use crate::diagnostic::Location;

/// Deepest nesting of sequences and mappings read: templates nest a dozen levels.
pub const MAX_DEPTH: usize = 128;
/// Most nodes a document may hold once its aliases are expanded.
pub const MAX_NODES: usize = 4_000_000;

/// One node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What it holds.
    pub value: Value,
    /// Its tag as written, `!` included (`!Ref`, `!!str`), if any.
    pub tag: Option<String>,
    /// Line of its first character (1-based).
    pub line: usize,
    /// Column of its first character (1-based).
    pub column: usize,
}

/// A node's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar: its text and whether it was written plain (unquoted, not a block scalar).
    Scalar {
        /// The text, escapes resolved.
        text: String,
        /// Unquoted: `true`, `128` and `~` mean a boolean, a number and null only when plain.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys in file order (a later duplicate is refused when the tree is built).
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// Where the node starts, in `path`.
    pub fn location(&self, path: &str) -> Location {
        Location::at_line(path, self.line, self.column)
    }

    /// The text of a scalar (quoted or not); `None` for a sequence, a mapping or null.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } if !self.is_null() => Some(text),
            _ => None,
        }
    }

    /// Null: `~`, `null`, `Null`, `NULL` or nothing, unquoted and untagged.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if self.tag.is_none()
            && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// A whole number, plain or quoted (CloudFormation accepts `"128"` for a number); `None` otherwise.
    pub fn as_u64(&self) -> Option<u64> {
        let t = self.as_str()?.trim();
        t.strip_prefix('+').unwrap_or(t).parse().ok()
    }

    /// A number, plain or quoted; `None` otherwise (and for NaN or an infinity).
    pub fn as_f64(&self) -> Option<f64> {
        self.as_str()?.trim().parse::<f64>().ok().filter(|x| x.is_finite())
    }

    /// A boolean: `true`/`false` in any case, plain or quoted (both formats accept `"true"`).
    pub fn as_bool(&self) -> Option<bool> {
        match self.as_str()?.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// The entries of a mapping; `None` for anything else.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items of a sequence; `None` for anything else.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a mapping's key `key` (compared as text); `None` when absent or not a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v)
    }

    /// The entries of a mapping with a text key, as (key, value).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.as_map().into_iter().flatten().filter_map(|(k, v)| Some((k.as_str()?, v)))
    }

    /// What the node is, for an error message: "a mapping", "a sequence", "the text '…'", "null".
    pub fn describe(&self) -> String {
        match &self.value {
            _ if self.is_null() => "null".to_string(),
            Value::Map(_) => "a mapping".to_string(),
            Value::Seq(_) => "a sequence".to_string(),
            Value::Scalar { text, .. } => {
                let short: String = text.chars().take(60).collect();
                let more = if short.len() < text.len() { "…" } else { "" };
                match &self.tag {
                    Some(t) => format!("{t} '{short}{more}'"),
                    None => format!("'{short}{more}'"),
                }
            }
        }
    }

    /// Nodes in the subtree (itself included).
    pub fn size(&self) -> usize {
        1 + match &self.value {
            Value::Scalar { .. } => 0,
            Value::Seq(s) => s.iter().map(Node::size).sum(),
            Value::Map(m) => m.iter().map(|(k, v)| k.size() + v.size()).sum(),
        }
    }
}

/// The first document of `text` (`path` names it in errors); an empty document is null.
///
/// # Errors
/// [`ImportError::Invalid`] at the parser's position for text that is not YAML, and at the node for a duplicate
/// key, an alias to an unknown anchor, nesting deeper than [`MAX_DEPTH`] or more than [`MAX_NODES`] nodes.
pub fn parse(path: &str, text: &str) -> Result<Node, ImportError> {
    let lines = Lines::of(text);
    let mut builder =
        Builder { path, lines: &lines, stack: Vec::new(), anchors: HashMap::new(), root: None, nodes: 0, error: None };
    let mut parser = Parser::new_from_str(text);
    let loaded = parser.load(&mut builder, false);
    if let Some(e) = builder.error {
        return Err(e);
    }
    if let Err(e) = loaded {
        let m = e.marker();
        let (line, column) = lines.pos(*m);
        return Err(ImportError::invalid(
            Location::at_line(path, line, column),
            format!("not valid YAML: {}", e.info()),
        ));
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Scalar { text: String::new(), plain: true },
        tag: None,
        line: 1,
        column: 1,
    }))
}

/// A sequence or mapping being built, with its own anchor (registered when it ends).
struct Open {
    node: Node,
    anchor: usize,
    /// A mapping's key waiting for its value.
    key: Option<Node>,
    /// Indices of a mapping's entries that came from a merge key (a key written in the mapping replaces them).
    merged: Vec<usize>,
}

struct Builder<'a> {
    path: &'a str,
    lines: &'a Lines,
    stack: Vec<Open>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    nodes: usize,
    error: Option<ImportError>,
}

impl Builder<'_> {
    fn fail(&mut self, (line, column): (usize, usize), message: String) {
        if self.error.is_none() {
            self.error = Some(ImportError::invalid(Location::at_line(self.path, line, column), message));
        }
    }

    fn count(&mut self, n: usize, mark: Marker) -> bool {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            self.fail(
                self.lines.pos(mark),
                format!("the document expands to more than {MAX_NODES} nodes (nested aliases?): refused, as no template needs that"),
            );
            return false;
        }
        true
    }

    /// Places a finished node in its parent (or as the root).
    fn place(&mut self, node: Node) {
        let Some(top) = self.stack.last_mut() else {
            self.root.get_or_insert(node);
            return;
        };
        match &mut top.node.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match top.key.take() {
                None => {
                    // yaml-rust2 starts a block mapping at its first key's `:`; the key's own start reads better.
                    if entries.is_empty()
                        && top.merged.is_empty()
                        && (node.line, node.column) < (top.node.line, top.node.column)
                    {
                        (top.node.line, top.node.column) = (node.line, node.column);
                    }
                    top.key = Some(node);
                }
                Some(key) => {
                    // `<<: *defaults` (YAML's merge key, common in serverless.yml): the mapping's entries are
                    // merged in, keys written here winning.
                    if key.tag.is_none() && matches!(&key.value, Value::Scalar { text, plain: true } if text == "<<") {
                        let sources: Vec<&Node> = match &node.value {
                            Value::Map(_) => vec![&node],
                            Value::Seq(s) => s.iter().collect(),
                            Value::Scalar { .. } => Vec::new(),
                        };
                        for (k, v) in sources.iter().filter_map(|s| s.as_map()).flatten() {
                            if !entries.iter().any(|(e, _)| e.value == k.value) {
                                top.merged.push(entries.len());
                                entries.push((k.clone(), v.clone()));
                            }
                        }
                        return;
                    }
                    let same = entries.iter().position(|(k, _)| k.value == key.value && k.tag == key.tag);
                    if let Some(i) = same.filter(|i| top.merged.contains(i)) {
                        top.merged.retain(|m| *m != i);
                        entries[i] = (key, node);
                        return;
                    }
                    if let Some((first, _)) = same.map(|i| &entries[i]) {
                        let (line, col) = (first.line, first.column);
                        let what = key.describe();
                        self.fail(
                            (key.line, key.column),
                            format!(
                                "the key {what} is written twice (first at line {line}, column {col}): each key once"
                            ),
                        );
                        return;
                    }
                    entries.push((key, node));
                }
            },
            Value::Scalar { .. } => {}
        }
    }

    fn open(&mut self, value: Value, anchor: usize, tag: Option<String>, mark: Marker) {
        if self.stack.len() >= MAX_DEPTH {
            self.fail(
                self.lines.pos(mark),
                format!("nested more than {MAX_DEPTH} levels deep: refused, as no template needs that"),
            );
            return;
        }
        if !self.count(1, mark) {
            return;
        }
        let (line, column) = self.lines.pos(mark);
        let node = Node { value, tag, line, column };
        self.stack.push(Open { node, anchor, key: None, merged: Vec::new() });
    }

    fn close(&mut self) {
        if let Some(open) = self.stack.pop() {
            if open.anchor != 0 {
                self.anchors.insert(open.anchor, open.node.clone());
            }
            self.place(open.node);
        }
    }
}

/// Where each line of a text starts [characters], lines ending at `\n` only.
///
/// yaml-rust2 also ends a line at a lone `\r` (YAML's rule); costsim's locations count `\n` as every other
/// reader's do ([`Location::at_offset`]), so a `file:line:col` names the same place whichever reader reports it,
/// and never a line past the file's last.
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        let breaks = text.chars().enumerate().filter(|(_, c)| *c == '\n').map(|(i, _)| i + 1);
        Lines(std::iter::once(0).chain(breaks).collect())
    }

    /// Line and column (both 1-based) of a parser position, from its character index.
    fn pos(&self, mark: Marker) -> (usize, usize) {
        let line = self.0.partition_point(|&start| start <= mark.index()).max(1);
        (line, mark.index() - self.0[line - 1] + 1)
    }
}

fn tag_text(tag: Option<yaml_rust2::parser::Tag>) -> Option<String> {
    tag.map(|t| format!("{}{}", t.handle, t.suffix))
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if !self.count(1, mark) {
                    return;
                }
                let plain = matches!(style, TScalarStyle::Plain);
                let (line, column) = self.lines.pos(mark);
                let node = Node { value: Value::Scalar { text, plain }, tag: tag_text(tag), line, column };
                if anchor != 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.place(node);
            }
            Event::SequenceStart(anchor, tag) => self.open(Value::Seq(Vec::new()), anchor, tag_text(tag), mark),
            Event::MappingStart(anchor, tag) => self.open(Value::Map(Vec::new()), anchor, tag_text(tag), mark),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(id) => match self.anchors.get(&id).cloned() {
                Some(mut node) => {
                    if self.count(node.size(), mark) {
                        (node.line, node.column) = self.lines.pos(mark);
                        self.place(node);
                    }
                }
                None => {
                    self.fail(self.lines.pos(mark), "an alias to an anchor that is not defined before it".to_string())
                }
            },
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_positions_quotes_and_merge_keys() {
        let text = "Resources:\n  Fn:\n    Role: !GetAtt Role.Arn\n    Memory: \"128\"\n    Size: 128\n\
                    base: &b\n  a: 1\n  b: 2\nuse:\n  <<: *b\n  b: 3\n";
        let doc = parse("t.yaml", text).unwrap();
        let f = doc.get("Resources").and_then(|r| r.get("Fn")).unwrap();
        let role = f.get("Role").unwrap();
        assert_eq!(role.tag.as_deref(), Some("!GetAtt"));
        assert_eq!(role.as_str(), Some("Role.Arn"));
        // A tagged scalar is placed at its text, after the tag: `    Role: !GetAtt ` is 18 characters.
        assert_eq!((role.line, role.column), (3, 19));
        let size = f.get("Size").unwrap();
        assert_eq!((size.line, size.column), (5, 11), "after `    Size: `");
        // A block mapping starts at its first key.
        assert_eq!((f.line, f.column), (3, 5));
        assert_eq!(f.get("Memory").unwrap().value, Value::Scalar { text: "128".into(), plain: false });
        assert_eq!(f.get("Size").unwrap().as_u64(), Some(128));
        let used = doc.get("use").unwrap();
        // The key written in `use` wins over the merged one; the merged `a` is added.
        assert_eq!(used.get("b").unwrap().as_u64(), Some(3));
        assert_eq!(used.get("a").unwrap().as_u64(), Some(1));
    }

    #[test]
    fn bad_yaml_duplicates_and_bombs_are_located_refusals() {
        // A lone carriage return ends a line for YAML, not for costsim's locations: the second line is the one
        // after the `\n`.
        let e = parse("t.yaml", ": \r:\n  :\n  P").unwrap_err().to_string();
        assert!(e.starts_with("t.yaml:2:") || e.starts_with("t.yaml:3:"), "{e}");
        let doc = parse("t.yaml", "a: 1\r\nb:\r\n  c: 2\n").unwrap();
        let c = doc.get("b").and_then(|b| b.get("c")).unwrap();
        assert_eq!((c.line, c.column), (3, 6), "CRLF lines count once");
        let e = parse("t.yaml", "a: [1, 2\n").unwrap_err().to_string();
        assert!(e.starts_with("t.yaml:") && e.contains("not valid YAML"), "{e}");
        let e = parse("t.yaml", "a: 1\nb: 2\na: 3\n").unwrap_err().to_string();
        assert!(e.starts_with("t.yaml:3:1: the key 'a' is written twice (first at line 1, column 1)"), "{e}");
        // Each level doubles: 2^40 nodes if expanded.
        let mut bomb = String::from("l0: &l0 [x, x]\n");
        for i in 1..40 {
            bomb += &format!("l{i}: &l{i} [*l{}, *l{}]\n", i - 1, i - 1);
        }
        let e = parse("t.yaml", &bomb).unwrap_err().to_string();
        assert!(e.contains("more than 4000000 nodes"), "{e}");
        let deep = "[".repeat(200) + &"]".repeat(200);
        let e = parse("t.yaml", &deep).unwrap_err().to_string();
        assert!(e.contains("nested more than 128 levels"), "{e}");
    }

    #[test]
    fn json_templates_read_as_yaml() {
        let doc =
            parse("t.json", "{\"Resources\": {\"F\": {\"Properties\": {\"MemorySize\": 512, \"X\": true}}}}").unwrap();
        let p = doc.get("Resources").and_then(|r| r.get("F")).and_then(|f| f.get("Properties")).unwrap();
        assert_eq!(p.get("MemorySize").unwrap().as_u64(), Some(512));
        assert_eq!(p.get("X").unwrap().as_bool(), Some(true));
    }
}
