//! Serverless Framework variables (`${source:address, fallback}`), resolved statically over the YAML tree.
//!
//! Resolved: `${self:path.to.key}` (the serverless.yml itself, through values that are themselves variables),
//! `${sls:stage}` and `${opt:stage}` (`--stage`, else `provider.stage`, else `dev`), `${opt:region}`,
//! `${opt:NAME}` and `${param:NAME}` (`--var NAME=VALUE`; `param:` then `params.<stage>.NAME`,
//! `params.default.NAME`), `${env:NAME}` (`--env NAME=VALUE` only: an import must not depend on the shell it runs
//! in), `${file(./other.yml):key}` (YAML or JSON, relative to the serverless.yml), fallbacks
//! (`${opt:stage, 'dev'}`, `${env:MEM, ${self:custom.mem}}`) and variables nested in an address
//! (`${self:custom.${sls:stage}.memory}`). The syntax and the sources are the framework's
//! (serverless/serverless docs/guides/variables.md and docs/providers/aws/guide/variables.md, v3 and v4).
//!
//! A variable that makes up a whole value takes the type of what it resolves to (`memorySize: ${self:custom.mem}`
//! stays a number, `${self:custom}` a mapping); one inside a string is interpolated. What only a deploy knows
//! (`${ssm:…}`, `${cf:…}`, `${s3:…}`, `${aws:…}`, an option or environment variable without a value) is kept as a
//! node tagged [`UNKNOWN`] (or, when a fallback stood in, [`FALLBACK`]), so that the readers report it as
//! unresolved where, and only where, a cost setting depends on it.
//!
//! Bounded: a cycle (`${self:a}` ↔ `${self:b}`), chains deeper than [`MAX_NESTING`], more than [`MAX_STEPS`]
//! variables, copies of more than [`MAX_COPIED`] nodes and files nested deeper than [`MAX_FILE_DEPTH`] are
//! located refusals, not hangs.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::syntax::{is_variable, split, split_commas, Piece};
use crate::diagnostic::excerpt;
use crate::iac::yaml::{self, Node, Value};
use crate::iac::{ImportError, ReadOptions};

/// Tag of a value only a deploy knows, without a fallback: its text is the expression as written.
pub const UNKNOWN: &str = "!costsim-unknown";
/// Tag of a fallback used in place of what only a deploy knows (`${ssm:/mem, 512}` is read as 512).
pub const FALLBACK: &str = "!costsim-fallback";

/// Most variables evaluated for one file: configurations have hundreds; one that doubles its references level by
/// level stops here.
pub const MAX_STEPS: usize = 100_000;
/// Most nodes copied by whole-value references and `${file(…)}`.
pub const MAX_COPIED: usize = 1_000_000;
/// Longest string built by interpolation [bytes].
pub const MAX_TEXT: usize = 1 << 20;
/// Deepest chain of values resolving through one another.
pub const MAX_NESTING: usize = 64;
/// Deepest nesting of `${file(…)}` in the files it reads.
pub const MAX_FILE_DEPTH: usize = 8;
/// Largest file `${file(…)}` reads [bytes].
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// What only a deploy knows about `node`: the expression and why, and whether the node holds a fallback value
/// (else it holds nothing usable).
pub fn unknown(node: &Node) -> Option<(String, bool)> {
    let tag = node.tag.as_deref()?;
    if let Some(why) = tag.strip_prefix(UNKNOWN) {
        return Some((format!("{} ({})", node.as_str().unwrap_or_default(), why.trim()), false));
    }
    tag.strip_prefix(FALLBACK).map(|why| (why.trim().to_string(), true))
}

/// What one variable came to.
enum Outcome {
    Value(Node),
    /// Not defined: the next fallback is tried; without one, `fatal` makes it an error (a `self:` path that does
    /// not exist is a mistake in the file), else the value is unknown (an option nobody passed).
    Undefined {
        why: String,
        fatal: bool,
    },
    /// Known only to a deploy.
    Unknown(String),
}

/// Resolves the variables of one serverless.yml.
pub struct Resolver<'a> {
    root: &'a Node,
    shown: String,
    dir: PathBuf,
    options: &'a ReadOptions,
    /// The files `${file(…)}` read, in order.
    pub files: Vec<PathBuf>,
    docs: BTreeMap<PathBuf, Node>,
    /// Paths whose value is being resolved, outermost first (a repeat is a cycle).
    active: Vec<String>,
    file_depth: usize,
    steps: usize,
    copied: usize,
    stage: Option<String>,
}

impl<'a> Resolver<'a> {
    /// A resolver of `root`, the document of the file shown as `shown` in `dir`.
    pub fn new(root: &'a Node, shown: &str, dir: &Path, options: &'a ReadOptions) -> Resolver<'a> {
        Resolver {
            root,
            shown: shown.to_string(),
            dir: dir.to_path_buf(),
            options,
            files: Vec::new(),
            docs: BTreeMap::new(),
            active: Vec::new(),
            file_depth: 0,
            steps: 0,
            copied: 0,
            stage: None,
        }
    }

    /// `node` (at `path`, in the file shown as `file`) with every variable resolved.
    ///
    /// # Errors
    /// [`ImportError::Invalid`] at the variable for a cycle, a `self:` path or file that does not exist, a mapping
    /// interpolated into a string, or a bound exceeded.
    pub fn tree(&mut self, node: &Node, path: &str, file: &str) -> Result<Node, ImportError> {
        let value = match &node.value {
            Value::Scalar { text, .. } if text.contains("${") && unknown(node).is_none() => {
                if let Some(first) = self.active.iter().position(|p| p == path) {
                    let chain = self.active[first..].join(" → ");
                    return Err(ImportError::invalid(
                        node.location(file),
                        format!("a variable cycle: {chain} → {path}: each value must resolve without itself"),
                    ));
                }
                if self.active.len() >= MAX_NESTING {
                    return Err(ImportError::invalid(
                        node.location(file),
                        format!("{path}: variables resolve through more than {MAX_NESTING} others: refused"),
                    ));
                }
                self.active.push(path.to_string());
                let resolved = self.scalar(node, text, file);
                self.active.pop();
                return resolved;
            }
            Value::Scalar { .. } => return Ok(node.clone()),
            Value::Seq(items) => Value::Seq(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.tree(item, &join(path, &i.to_string()), file))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = k.as_str().unwrap_or_default();
                        Ok((k.clone(), self.tree(v, &join(path, key), file)?))
                    })
                    .collect::<Result<_, ImportError>>()?,
            ),
        };
        Ok(Node { value, tag: node.tag.clone(), line: node.line, column: node.column })
    }

    /// A scalar holding `${…}`: a whole-value variable keeps the type of its value; otherwise the pieces are
    /// joined as a string.
    fn scalar(&mut self, node: &Node, text: &str, file: &str) -> Result<Node, ImportError> {
        let pieces = split(text);
        if let [Piece::Var(inner)] = pieces.as_slice() {
            let mut v = self.variable(inner, node, file)?;
            (v.line, v.column) = (node.line, node.column);
            v.tag = v.tag.or_else(|| node.tag.clone());
            return Ok(v);
        }
        let (mut out, mut unknown_why, mut fallback_why) = (String::new(), None, None);
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(inner) => {
                    let v = self.variable(inner, node, file)?;
                    if let Some(why) = v.tag.as_deref().and_then(|t| t.strip_prefix(UNKNOWN)) {
                        unknown_why.get_or_insert(why.trim().to_string());
                    } else if let Some(why) = v.tag.as_deref().and_then(|t| t.strip_prefix(FALLBACK)) {
                        fallback_why.get_or_insert(why.trim().to_string());
                    }
                    match &v.value {
                        Value::Scalar { text, .. } if !v.is_null() => out.push_str(text),
                        Value::Scalar { .. } => {}
                        _ => {
                            return Err(ImportError::invalid(
                                node.location(file),
                                format!(
                                "${{{}}} is {}, which cannot be part of the string '{}': a text or number is expected",
                                excerpt(inner),
                                v.describe(),
                                excerpt(text)
                            ),
                            ))
                        }
                    }
                }
            }
            if out.len() > MAX_TEXT {
                return Err(ImportError::invalid(
                    node.location(file),
                    format!(
                        "the string '{}' grows past {MAX_TEXT} bytes as its variables resolve: refused",
                        excerpt(text)
                    ),
                ));
            }
        }
        Ok(match (unknown_why, fallback_why) {
            (Some(why), _) => tagged(node, UNKNOWN, &why, text.to_string()),
            (None, Some(why)) => tagged(node, FALLBACK, &why, out),
            (None, None) => Node {
                value: Value::Scalar { text: out, plain: false },
                tag: node.tag.clone(),
                line: node.line,
                column: node.column,
            },
        })
    }

    /// The value of `${inner}`, written at `node`: the source, else the first fallback that resolves.
    fn variable(&mut self, inner: &str, node: &Node, file: &str) -> Result<Node, ImportError> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(ImportError::invalid(
                node.location(file),
                format!("more than {MAX_STEPS} variables to resolve (references that multiply?): refused"),
            ));
        }
        let parts = split_commas(inner);
        let (primary, fallbacks) = parts.split_first().map_or(("", &[][..]), |(p, f)| (*p, f));
        let (mut unknown_why, mut undefined) = (None, None);
        match self.source(primary.trim(), !fallbacks.is_empty(), node, file)? {
            Outcome::Value(v) => return Ok(v),
            Outcome::Unknown(why) => unknown_why = Some(why),
            Outcome::Undefined { why, fatal } => undefined = Some((why, fatal)),
        }
        for fallback in fallbacks {
            match self.fallback(fallback.trim(), node, file)? {
                Outcome::Value(v) => {
                    return Ok(match &unknown_why {
                        Some(why) => {
                            let why = format!("${{{}}} ({why})", inner.trim());
                            let mut v = v;
                            v.tag = Some(format!("{FALLBACK} {why}"));
                            v
                        }
                        None => v,
                    })
                }
                Outcome::Unknown(why) => {
                    unknown_why.get_or_insert(why);
                }
                Outcome::Undefined { .. } => {}
            }
        }
        let expression = format!("${{{inner}}}");
        if let Some(why) = unknown_why {
            return Ok(tagged(node, UNKNOWN, &why, expression));
        }
        match undefined {
            Some((why, true)) => {
                Err(ImportError::invalid(node.location(file), format!("{}: {why}", excerpt(&expression))))
            }
            Some((why, false)) => Ok(tagged(node, UNKNOWN, &why, expression)),
            None => Ok(tagged(node, UNKNOWN, "no value", expression)),
        }
    }

    /// A fallback: a quoted string, a variable (`${…}` or, as in v2, a bare `self:x`), or a literal.
    fn fallback(&mut self, text: &str, node: &Node, file: &str) -> Result<Outcome, ImportError> {
        let quoted = ["'", "\""].iter().find(|q| text.len() >= 2 && text.starts_with(**q) && text.ends_with(**q));
        if quoted.is_some() {
            return Ok(Outcome::Value(scalar(node, &text[1..text.len() - 1], false)));
        }
        if text.starts_with("${") && text.contains('}') {
            let v = self.scalar(node, text, file)?;
            return Ok(match unknown(&v) {
                Some((why, false)) => Outcome::Unknown(why),
                _ => Outcome::Value(v),
            });
        }
        if is_variable(text) {
            return self.source(text, true, node, file);
        }
        Ok(Outcome::Value(scalar(node, text, true)))
    }

    /// `source:address` or `file(path):address`.
    fn source(&mut self, primary: &str, has_fallback: bool, node: &Node, file: &str) -> Result<Outcome, ImportError> {
        let resolved;
        let primary = if primary.contains("${") {
            let v = self.scalar(node, primary, file)?;
            if let Some((why, false)) = unknown(&v) {
                return Ok(Outcome::Unknown(why));
            }
            resolved = v.as_str().unwrap_or_default().to_string();
            resolved.as_str()
        } else {
            primary
        };
        if let Some(rest) = primary.strip_prefix("file(") {
            return self.file(rest, node, file);
        }
        let Some((source, address)) = primary.split_once(':') else {
            return Ok(Outcome::Undefined { why: "not a variable (source:address)".into(), fatal: true });
        };
        let (source, address) = (source.trim(), address.trim());
        let given = |map: &BTreeMap<String, String>| map.get(address).map(|v| Outcome::Value(scalar(node, v, true)));
        Ok(match source {
            "self" => self.lookup(address)?,
            "sls" if address == "stage" => Outcome::Value(scalar(node, &self.stage()?, true)),
            "opt" if address == "stage" => match (&self.options.stage, has_fallback) {
                (Some(s), _) => Outcome::Value(scalar(node, s, true)),
                (None, true) => Outcome::Undefined { why: "no --stage given".into(), fatal: false },
                (None, false) => Outcome::Value(scalar(node, &self.stage()?, true)),
            },
            "opt" if address == "region" => match (given(&self.options.vars), has_fallback) {
                (Some(v), _) => v,
                (None, true) => Outcome::Undefined { why: "no --var region=… given".into(), fatal: false },
                (None, false) => Outcome::Value(scalar(node, &self.region()?, true)),
            },
            "opt" => given(&self.options.vars)
                .unwrap_or_else(|| Outcome::Undefined { why: format!("no --var {address}=VALUE given"), fatal: false }),
            "param" => match given(&self.options.vars) {
                Some(v) => v,
                None => self.param(address)?,
            },
            "env" => given(&self.options.env).unwrap_or_else(|| Outcome::Undefined {
                why: format!("no --env {address}=VALUE given (costsim does not read the shell's environment)"),
                fatal: false,
            }),
            "ssm" => Outcome::Unknown("an SSM parameter, read at deploy time".into()),
            "cf" => Outcome::Unknown("another stack's output, read at deploy time".into()),
            "s3" => Outcome::Unknown("an S3 object, read at deploy time".into()),
            "aws" => Outcome::Unknown("the deploying account's facts".into()),
            "sls" => Outcome::Unknown(format!("sls:{address}, known to a deploy")),
            other => Outcome::Unknown(format!(
                "the variable source '{}', which a static reader does not resolve",
                excerpt(other)
            )),
        })
    }

    /// The stage: `--stage`, else `provider.stage`, else `dev` (the framework's default).
    fn stage(&mut self) -> Result<String, ImportError> {
        if let Some(s) = self.options.stage.clone().or_else(|| self.stage.clone()) {
            return Ok(s);
        }
        // `provider.stage: ${sls:stage}` (or `${opt:stage}` without a fallback) names itself: the default.
        if self.active.iter().any(|p| p == "provider.stage") {
            return Ok("dev".into());
        }
        let stage = self.provider_text("provider.stage")?.unwrap_or_else(|| "dev".into());
        self.stage = Some(stage.clone());
        Ok(stage)
    }

    /// The region: `provider.region`, else `us-east-1` (the framework's default).
    fn region(&mut self) -> Result<String, ImportError> {
        if self.active.iter().any(|p| p == "provider.region") {
            return Ok("us-east-1".into());
        }
        Ok(self.provider_text("provider.region")?.unwrap_or_else(|| "us-east-1".into()))
    }

    fn provider_text(&mut self, path: &str) -> Result<Option<String>, ImportError> {
        Ok(match self.lookup(path)? {
            Outcome::Value(v) if unknown(&v).is_none() => v.as_str().filter(|s| !s.is_empty()).map(str::to_string),
            _ => None,
        })
    }

    /// `${param:NAME}` without a `--var`: `params.<stage>.NAME`, then `params.default.NAME`.
    fn param(&mut self, name: &str) -> Result<Outcome, ImportError> {
        let stage = self.stage()?;
        for path in [format!("params.{stage}.{name}"), format!("params.default.{name}")] {
            if let Outcome::Value(v) = self.lookup(&path)? {
                return Ok(Outcome::Value(v));
            }
        }
        Ok(Outcome::Undefined {
            why: format!("no --var {name}=VALUE given and no params.{stage}.{name} or params.default.{name}"),
            fatal: false,
        })
    }

    /// `${self:address}`: the value at `address` of the serverless.yml, resolved.
    fn lookup(&mut self, address: &str) -> Result<Outcome, ImportError> {
        let root = self.root;
        let shown = self.shown.clone();
        self.walk(Cow::Borrowed(root), address, "", &shown)
    }

    /// The value at `address` under `start` (whose path is `base`, in `file`), resolved; values met on the way
    /// that are variables (`custom: ${file(./custom.yml)}`) are resolved before they are walked into.
    fn walk(&mut self, start: Cow<'_, Node>, address: &str, base: &str, file: &str) -> Result<Outcome, ImportError> {
        let mut current = start;
        let mut path = base.to_string();
        for seg in address.split('.').filter(|s| !s.is_empty()) {
            if matches!(&current.value, Value::Scalar { text, .. } if text.contains("${")) {
                current = Cow::Owned(self.tree(&current, &path, file)?);
            }
            let next = match current {
                Cow::Borrowed(n) => child(n, seg).map(Cow::Borrowed),
                Cow::Owned(n) => child(&n, seg).cloned().map(Cow::Owned),
            };
            let Some(next) = next else {
                let at = if path.is_empty() { "the file".to_string() } else { path.clone() };
                return Ok(Outcome::Undefined { why: format!("{at} has no '{}'", excerpt(seg)), fatal: true });
            };
            current = next;
            path = join(&path, seg);
        }
        let value = self.tree(&current, &path, file)?;
        self.copied = self.copied.saturating_add(value.size());
        if self.copied > MAX_COPIED {
            return Err(ImportError::invalid(
                value.location(file),
                format!("references copy more than {MAX_COPIED} values: refused, as no configuration needs that"),
            ));
        }
        Ok(Outcome::Value(value))
    }

    /// `${file(path):address}` (`rest` is what follows `file(`), read relative to the serverless.yml.
    fn file(&mut self, rest: &str, node: &Node, file: &str) -> Result<Outcome, ImportError> {
        let Some((arg, after)) = rest.split_once(')') else {
            return Ok(Outcome::Undefined { why: "file( without its ')'".into(), fatal: true });
        };
        let arg = arg.trim().trim_matches(|c| c == '\'' || c == '"');
        let address = after.trim().strip_prefix(':').unwrap_or(after).trim();
        let full = self.dir.join(arg);
        let ext = full.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        if !matches!(ext.as_str(), "yml" | "yaml" | "json") {
            return Ok(Outcome::Unknown(format!("{}, whose value only running it gives", excerpt(arg))));
        }
        if self.file_depth >= MAX_FILE_DEPTH {
            return Err(ImportError::invalid(
                node.location(file),
                format!("${{file({})}}: files nested more than {MAX_FILE_DEPTH} deep: refused", excerpt(arg)),
            ));
        }
        let shown = full.display().to_string();
        let doc = match self.docs.get(&full) {
            Some(d) => d.clone(),
            None => {
                let refuse = |why: String| {
                    ImportError::invalid(node.location(file), format!("${{file({})}}: {why}", excerpt(arg)))
                };
                // Read through `take`: a size from metadata says nothing of a device or a /proc file.
                let mut text = String::new();
                use std::io::Read as _;
                std::fs::File::open(&full)
                    .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_string(&mut text))
                    .map_err(|e| refuse(format!("{shown}: {e}")))?;
                if text.len() as u64 > MAX_FILE_BYTES {
                    return Err(refuse(format!("{shown} is more than the {MAX_FILE_BYTES} bytes read")));
                }
                let d = yaml::parse(&shown, &text)?;
                self.files.push(full.clone());
                self.docs.insert(full.clone(), d.clone());
                d
            }
        };
        // Each use walks a copy of the document: counted, so that many uses of a large file stop.
        self.copied = self.copied.saturating_add(doc.size());
        self.file_depth += 1;
        let base = format!("file({arg})");
        let found = self.walk(Cow::Owned(doc), address, &base, &shown);
        self.file_depth -= 1;
        Ok(match found? {
            // Its nodes take the place of the variable: a value's error names the line that brought it in.
            Outcome::Value(mut v) => {
                relocate(&mut v, node.line, node.column);
                Outcome::Value(v)
            }
            other => other,
        })
    }
}

/// The child `seg` of a mapping (by key) or a sequence (by index).
fn child<'n>(node: &'n Node, seg: &str) -> Option<&'n Node> {
    match &node.value {
        Value::Map(_) => node.get(seg),
        Value::Seq(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
        Value::Scalar { .. } => None,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A scalar at `at`'s place.
fn scalar(at: &Node, text: &str, plain: bool) -> Node {
    Node { value: Value::Scalar { text: text.to_string(), plain }, tag: None, line: at.line, column: at.column }
}

fn tagged(at: &Node, tag: &str, why: &str, text: String) -> Node {
    Node {
        value: Value::Scalar { text, plain: false },
        tag: Some(format!("{tag} {why}")),
        line: at.line,
        column: at.column,
    }
}

fn relocate(node: &mut Node, line: usize, column: usize) {
    (node.line, node.column) = (line, column);
    match &mut node.value {
        Value::Scalar { .. } => {}
        Value::Seq(items) => items.iter_mut().for_each(|n| relocate(n, line, column)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            relocate(k, line, column);
            relocate(v, line, column);
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str, options: &ReadOptions) -> Result<Node, ImportError> {
        let doc = yaml::parse("s.yml", text)?;
        Resolver::new(&doc, "s.yml", Path::new("."), options).tree(&doc, "", "s.yml")
    }

    fn at<'n>(n: &'n Node, path: &str) -> &'n Node {
        path.split('.').fold(n, |n, k| child(n, k).unwrap_or_else(|| panic!("{path}")))
    }

    #[test]
    fn whole_values_keep_their_type_and_strings_interpolate() {
        let text =
            "custom:\n  mem: 512\n  m: {a: 1}\nx: ${self:custom.mem}\ny: v${self:custom.mem}\nz: ${self:custom.m}\n\
                    s: ${sls:stage}\nf: ${opt:nope, 256}\n";
        let doc = resolve(text, &ReadOptions::default()).unwrap();
        assert_eq!(at(&doc, "x").value, Value::Scalar { text: "512".into(), plain: true });
        assert_eq!(at(&doc, "y").as_str(), Some("v512"));
        assert_eq!(at(&doc, "z.a").as_u64(), Some(1));
        assert_eq!(at(&doc, "s").as_str(), Some("dev"));
        assert_eq!(at(&doc, "f").as_u64(), Some(256));
        // The resolved value sits where the variable is written.
        assert_eq!((at(&doc, "x").line, at(&doc, "x").column), (4, 4));
    }

    #[test]
    fn unknown_sources_and_missing_options_are_tagged_not_guessed() {
        let doc =
            resolve("a: ${ssm:/mem}\nb: ${ssm:/mem, 512}\nc: ${env:MEM}\nd: x-${cf:s.o}\n", &ReadOptions::default())
                .unwrap();
        assert_eq!(unknown(at(&doc, "a")), Some(("${ssm:/mem} (an SSM parameter, read at deploy time)".into(), false)));
        assert_eq!(at(&doc, "b").as_u64(), Some(512));
        assert!(unknown(at(&doc, "b")).is_some_and(|(w, fallback)| fallback && w.contains("ssm:/mem")));
        assert!(unknown(at(&doc, "c")).is_some_and(|(w, _)| w.contains("--env MEM")));
        assert!(unknown(at(&doc, "d")).is_some_and(|(w, _)| w.starts_with("x-${cf:s.o}")));
    }

    #[test]
    fn cycles_and_missing_paths_are_located() {
        let e = resolve("a: ${self:b}\nb: ${self:a}\n", &ReadOptions::default()).unwrap_err().to_string();
        assert!(e.starts_with("s.yml:1:4: a variable cycle: a → b → a"), "{e}");
        let e = resolve("a:\n  b: ${self:c.d}\n", &ReadOptions::default()).unwrap_err().to_string();
        assert!(e.starts_with("s.yml:2:6: ${self:c.d}: the file has no 'c'"), "{e}");
        let e = resolve("a: ${self:a}-x\n", &ReadOptions::default()).unwrap_err().to_string();
        assert!(e.contains("cycle: a → a"), "{e}");
    }

    #[test]
    fn references_that_multiply_are_bounded() {
        let mut text = String::from("l0: x\n");
        for i in 1..40 {
            text += &format!("l{i}: ${{self:l{}}}${{self:l{}}}\n", i - 1, i - 1);
        }
        let e = resolve(&text, &ReadOptions::default()).unwrap_err().to_string();
        assert!(e.contains("refused"), "{e}");
    }
}
