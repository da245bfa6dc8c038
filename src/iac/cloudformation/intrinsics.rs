//! CloudFormation's intrinsic functions, evaluated statically: `Ref` to parameters, `Fn::Sub`, `Fn::If` with the
//! template's `Conditions`, `Fn::FindInMap`, `Fn::Select`, `Fn::Join`, `Fn::Split`, `AWS::NoValue`. The long
//! form (`{"Fn::Sub": …}`) and the YAML short form (`!Sub …`) are one thing: a tag `!Name` is `Fn::Name`, except
//! `!Ref` and `!Condition` (CloudFormation user guide, "Intrinsic function reference"; the rule cfn-lint's YAML
//! loader applies, aws-cloudformation/cfn-lint src/cfnlint/decode/cfn_yaml.py).
//!
//! What only a deployment knows (`Fn::GetAtt`, `Ref` to a resource, `Fn::ImportValue`, `Fn::GetAZs`, pseudo
//! parameters without a `--var`, `{{resolve:ssm:…}}`, parameters of type `AWS::SSM::Parameter::Value<…>`)
//! evaluates to an *unknown* node that carries the expression and why: the reader that reads it records an
//! [`crate::iac::Unresolved`] instead of guessing a number.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::excerpt;
use crate::iac::yaml::{Node, Value};
use crate::iac::ImportError;

/// Tag of a node whose value only a deployment knows; its text says what it is and why. User tags start with
/// `!` and are all consumed by the evaluation, so this one cannot collide.
pub const UNKNOWN: &str = "?unknown";
/// Tag of `Ref: AWS::NoValue`: the key or item holding it is removed.
const NO_VALUE: &str = "?novalue";
/// Deepest chain of conditions naming conditions: real templates chain two or three.
const MAX_CONDITION_DEPTH: usize = 64;

/// Whether `node` holds a value only a deployment knows.
pub fn is_unknown(node: &Node) -> bool {
    node.tag.as_deref() == Some(UNKNOWN)
}

/// An unknown value located at `at`.
fn unknown(at: &Node, why: String) -> Node {
    Node {
        value: Value::Scalar { text: why, plain: false },
        tag: Some(UNKNOWN.into()),
        line: at.line,
        column: at.column,
    }
}

fn scalar(at: &Node, text: String) -> Node {
    Node { value: Value::Scalar { text, plain: false }, tag: None, line: at.line, column: at.column }
}

/// The intrinsic function `node` calls, as (long name, its argument): `!Sub x` and `{"Fn::Sub": x}` both give
/// `("Fn::Sub", x)`. The argument of a short form is the node itself (its tag does not change its value).
pub fn intrinsic(node: &Node) -> Option<(String, &Node)> {
    if let Some(tag) = node.tag.as_deref().filter(|t| t.starts_with('!') && !t.starts_with("!!")) {
        let name = &tag[1..];
        let long = if name == "Ref" || name == "Condition" { name.to_string() } else { format!("Fn::{name}") };
        return Some((long, node));
    }
    match node.as_map()? {
        [(k, v)] => {
            let k = k.as_str()?;
            (k == "Ref" || k.starts_with("Fn::")).then(|| (k.to_string(), v))
        }
        _ => None,
    }
}

/// A parameter's value: the `--var`, else its `Default`; `Err` says why it is unknown.
struct Param {
    value: Result<Node, String>,
    /// Given on the command line: located where it is used, as the file does not hold it.
    from_var: bool,
}

/// The template's parameters, mappings and conditions, and the evaluator over them.
pub struct Eval<'a> {
    path: String,
    params: BTreeMap<String, Param>,
    vars: &'a BTreeMap<String, String>,
    mappings: Option<&'a Node>,
    conditions: BTreeMap<&'a str, &'a Node>,
    resources: BTreeSet<&'a str>,
    /// Conditions evaluated so far (each is evaluated once: a chain naming its predecessor twice stays linear).
    memo: RefCell<BTreeMap<String, Result<bool, String>>>,
    /// Conditions being evaluated, to refuse a cycle.
    active: RefCell<Vec<String>>,
}

impl<'a> Eval<'a> {
    /// The evaluator of template `doc` (shown as `path`), with the user's `vars` winning over defaults.
    pub fn new(path: &str, doc: &'a Node, vars: &'a BTreeMap<String, String>) -> Result<Eval<'a>, ImportError> {
        let mut params = BTreeMap::new();
        for (name, p) in doc.get("Parameters").map(|p| p.entries().collect::<Vec<_>>()).unwrap_or_default() {
            let kind = p.get("Type").and_then(Node::as_str).unwrap_or("String");
            let default = p.get("Default").filter(|d| !d.is_null());
            let (value, from_var) = match (vars.get(name), default) {
                (Some(v), _) => (Ok(scalar(p, v.clone())), true),
                (None, Some(d)) if kind.starts_with("AWS::SSM::Parameter::Value<") => (
                    Err(format!(
                        "parameter {name} of type {kind}: the value of SSM parameter '{}', read at deploy (give it with --var {name}=VALUE)",
                        excerpt(d.as_str().unwrap_or(""))
                    )),
                    false,
                ),
                (None, Some(d)) => (Ok(d.clone()), false),
                (None, None) => (Err(format!("parameter {name} has no Default (give it with --var {name}=VALUE)")), false),
            };
            // A list parameter's value is one comma-separated string.
            let list = kind == "CommaDelimitedList" || kind.starts_with("List<");
            let value = value.map(|v| match (&v.value, list) {
                (Value::Scalar { text, .. }, true) => Node {
                    value: Value::Seq(text.split(',').map(|s| scalar(&v, s.trim().to_string())).collect()),
                    ..v.clone()
                },
                _ => v,
            });
            params.insert(name.to_string(), Param { value, from_var });
        }
        let conditions = doc.get("Conditions").map(|c| c.entries().collect()).unwrap_or_default();
        let resources = doc.get("Resources").map(|r| r.entries().map(|(k, _)| k).collect()).unwrap_or_default();
        Ok(Eval {
            path: path.to_string(),
            params,
            vars,
            mappings: doc.get("Mappings"),
            conditions,
            resources,
            memo: RefCell::new(BTreeMap::new()),
            active: RefCell::new(Vec::new()),
        })
    }

    fn invalid(&self, at: &Node, message: String) -> ImportError {
        ImportError::invalid(at.location(&self.path), message)
    }

    /// `node` with every intrinsic function evaluated; `AWS::NoValue` keys and items removed (a `NoValue` root
    /// is returned as null).
    pub fn eval(&self, node: &Node) -> Result<Node, ImportError> {
        let out = self.value(node)?;
        Ok(if out.tag.as_deref() == Some(NO_VALUE) { scalar_null(node) } else { out })
    }

    fn value(&self, node: &Node) -> Result<Node, ImportError> {
        if let Some((name, arg)) = intrinsic(node) {
            return self.call(&name, arg, node);
        }
        Ok(match &node.value {
            Value::Scalar { text, .. } if text.contains("{{resolve:") => {
                unknown(node, format!("'{}' (a dynamic reference, resolved at deploy)", excerpt(text)))
            }
            // `!!str` and the other standard tags say what a scalar is; the reader reads the text.
            Value::Scalar { .. } => Node { tag: None, ..node.clone() },
            Value::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    let v = self.value(item)?;
                    if v.tag.as_deref() != Some(NO_VALUE) {
                        out.push(v);
                    }
                }
                located(node, Value::Seq(out))
            }
            Value::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    let v = self.value(v)?;
                    if v.tag.as_deref() != Some(NO_VALUE) {
                        out.push((k.clone(), v));
                    }
                }
                located(node, Value::Map(out))
            }
        })
    }

    /// The items of an intrinsic's list argument, checked for their count.
    fn items<'n>(&self, name: &str, arg: &'n Node, at: &Node, counts: &[usize]) -> Result<&'n [Node], ImportError> {
        match arg.as_seq() {
            Some(items) if counts.contains(&items.len()) => Ok(items),
            _ => {
                let n: Vec<String> = counts.iter().map(|c| c.to_string()).collect();
                Err(self
                    .invalid(at, format!("{name} takes a list of {} items, not {}", n.join(" or "), arg.describe())))
            }
        }
    }

    /// The text of an evaluated argument, or why it is unknown.
    fn text(&self, name: &str, arg: &Node, at: &Node) -> Result<Result<String, String>, ImportError> {
        let v = self.value(arg)?;
        if is_unknown(&v) {
            return Ok(Err(v.as_str().unwrap_or("").to_string()));
        }
        match &v.value {
            Value::Scalar { text, .. } => Ok(Ok(text.clone())),
            _ => Err(self.invalid(at, format!("{name}: {} is where a string is expected", v.describe()))),
        }
    }

    fn call(&self, name: &str, arg: &Node, at: &Node) -> Result<Node, ImportError> {
        match name {
            "Ref" => {
                let Some(target) = arg.as_str() else {
                    return Err(self.invalid(at, format!("Ref takes a name, not {}", arg.describe())));
                };
                Ok(match self.name(target, at) {
                    Named::Value(v) => v,
                    Named::NoValue => Node { tag: Some(NO_VALUE.into()), ..scalar(at, String::new()) },
                    Named::Unknown(why) => unknown(at, why),
                })
            }
            "Fn::Sub" => self.sub(arg, at),
            "Fn::If" => {
                let items = self.items(name, arg, at, &[3])?;
                let Some(cond) = items[0].as_str() else {
                    return Err(self.invalid(&items[0], "Fn::If's first item names a condition".into()));
                };
                match self.condition_named(cond, &items[0], 0)? {
                    Ok(true) => self.value(&items[1]),
                    Ok(false) => self.value(&items[2]),
                    Err(why) => Ok(unknown(at, format!("Fn::If on condition {cond}, which depends on {why}"))),
                }
            }
            "Fn::FindInMap" => self.find_in_map(arg, at),
            "Fn::Select" => {
                let items = self.items(name, arg, at, &[2])?;
                let index = match self.text(name, &items[0], at)? {
                    Ok(t) => t,
                    Err(why) => return Ok(unknown(at, format!("Fn::Select with an index of {why}"))),
                };
                let list = self.value(&items[1])?;
                if is_unknown(&list) {
                    return Ok(unknown(at, format!("Fn::Select from {}", list.as_str().unwrap_or(""))));
                }
                let all = list.as_seq().unwrap_or_default();
                match index.trim().parse::<usize>().ok().and_then(|i| all.get(i)) {
                    Some(v) => Ok(v.clone()),
                    None => Err(self.invalid(
                        at,
                        format!("Fn::Select index '{}' is not one of the list's {} items", excerpt(&index), all.len()),
                    )),
                }
            }
            "Fn::Join" => {
                let items = self.items(name, arg, at, &[2])?;
                let delimiter = match self.text(name, &items[0], at)? {
                    Ok(t) => t,
                    Err(why) => return Ok(unknown(at, format!("Fn::Join with a delimiter of {why}"))),
                };
                let list = self.value(&items[1])?;
                let mut parts = Vec::new();
                for v in list.as_seq().map(<[Node]>::to_vec).unwrap_or_else(|| vec![list.clone()]) {
                    if is_unknown(&v) {
                        return Ok(unknown(at, format!("Fn::Join of {}", v.as_str().unwrap_or(""))));
                    }
                    match v.as_str() {
                        Some(t) => parts.push(t.to_string()),
                        None => return Err(self.invalid(&v, format!("Fn::Join: {} is not a string", v.describe()))),
                    }
                }
                Ok(scalar(at, parts.join(&delimiter)))
            }
            "Fn::Split" => {
                let items = self.items(name, arg, at, &[2])?;
                let (delimiter, text) = match (self.text(name, &items[0], at)?, self.text(name, &items[1], at)?) {
                    (Ok(d), Ok(t)) if !d.is_empty() => (d, t),
                    (Ok(_), Ok(_)) => {
                        return Err(self.invalid(at, "Fn::Split needs a delimiter that is not empty".into()))
                    }
                    (Err(why), _) | (_, Err(why)) => return Ok(unknown(at, format!("Fn::Split of {why}"))),
                };
                let parts = text.split(delimiter.as_str()).map(|p| scalar(at, p.to_string())).collect();
                Ok(Node { value: Value::Seq(parts), ..scalar(at, String::new()) })
            }
            "Fn::GetAtt" => {
                let what = match (arg.as_str(), arg.as_seq()) {
                    (Some(s), _) => s.to_string(),
                    (_, Some(items)) => items.iter().filter_map(Node::as_str).collect::<Vec<_>>().join("."),
                    _ => String::new(),
                };
                Ok(unknown(at, format!("Fn::GetAtt {} (known after deploy)", excerpt(&what))))
            }
            "Fn::ImportValue" => {
                // The short form's argument is the tagged node itself: its text, not a second call.
                let arg = &if std::ptr::eq(arg, at) { Node { tag: None, ..arg.clone() } } else { arg.clone() };
                let what = match self.text(name, arg, at) {
                    Ok(Ok(t)) => format!("'{}'", excerpt(&t)),
                    _ => "an export".to_string(),
                };
                Ok(unknown(at, format!("Fn::ImportValue {what} (another stack's export, known at deploy)")))
            }
            "Fn::GetAZs" => Ok(unknown(at, "Fn::GetAZs (the region's availability zones, known at deploy)".into())),
            "Fn::Equals" | "Fn::Not" | "Fn::And" | "Fn::Or" | "Condition" => Ok(match self.condition(at, 0)? {
                Ok(b) => scalar(at, b.to_string()),
                Err(why) => unknown(at, format!("{name} on {why}")),
            }),
            other => Ok(unknown(at, format!("{} (not evaluated by costsim import)", excerpt(other)))),
        }
    }

    /// What `${name}` or `Ref name` stands for.
    fn name(&self, name: &str, at: &Node) -> Named {
        if name == "AWS::NoValue" {
            return Named::NoValue;
        }
        if let Some(p) = self.params.get(name) {
            return match &p.value {
                Ok(v) if p.from_var => Named::Value(Node { line: at.line, column: at.column, ..v.clone() }),
                Ok(v) => Named::Value(v.clone()),
                Err(why) => Named::Unknown(why.clone()),
            };
        }
        if name.starts_with("AWS::") {
            return match self.vars.get(name) {
                Some(v) => Named::Value(scalar(at, v.clone())),
                None => Named::Unknown(format!(
                    "{name} (a pseudo parameter, known at deploy; give it with --var {name}=VALUE)"
                )),
            };
        }
        let resource = name.split('.').next().unwrap_or(name);
        if self.resources.contains(resource) {
            Named::Unknown(format!("{} (resource {resource}'s name or attribute, known after deploy)", excerpt(name)))
        } else {
            Named::Unknown(format!("{} (neither a parameter nor a resource of the template)", excerpt(name)))
        }
    }

    fn sub(&self, arg: &Node, at: &Node) -> Result<Node, ImportError> {
        let (template, locals) = match arg.as_seq() {
            Some([t, m]) => (t, Some(m)),
            Some(_) => return Err(self.invalid(at, "Fn::Sub takes a string or [string, {Name: value}]".into())),
            None => (arg, None),
        };
        let Some(text) = template.as_str() else {
            return Err(self.invalid(at, format!("Fn::Sub takes a string, not {}", template.describe())));
        };
        let mut values = BTreeMap::new();
        for (k, v) in locals.map(|m| m.entries().collect::<Vec<_>>()).unwrap_or_default() {
            values.insert(k, self.value(v)?);
        }
        let mut out = String::new();
        let mut unknowns = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out += &rest[..start];
            let after = &rest[start + 2..];
            // `${!Literal}` is written as `${Literal}`.
            if let Some(literal) = after.strip_prefix('!') {
                out += "${";
                rest = literal;
                continue;
            }
            let Some(end) = after.find('}') else {
                out += &rest[start..];
                rest = "";
                break;
            };
            let name = after[..end].trim();
            let named = match values.get(name) {
                Some(v) if is_unknown(v) => Named::Unknown(v.as_str().unwrap_or("").to_string()),
                Some(v) => Named::Value(v.clone()),
                None => self.name(name, at),
            };
            match named {
                Named::Value(v) => match v.as_str() {
                    Some(t) => out += t,
                    None => {
                        return Err(self.invalid(at, format!("Fn::Sub: ${{{name}}} is {}, not a string", v.describe())))
                    }
                },
                Named::NoValue => {}
                Named::Unknown(why) => unknowns.push(why),
            }
            rest = &after[end + 1..];
        }
        out += rest;
        if unknowns.is_empty() {
            Ok(scalar(at, out))
        } else {
            Ok(unknown(at, format!("Fn::Sub '{}' with {}", excerpt(text), unknowns.join(", "))))
        }
    }

    fn find_in_map(&self, arg: &Node, at: &Node) -> Result<Node, ImportError> {
        let items = self.items("Fn::FindInMap", arg, at, &[3, 4])?;
        let mut keys = Vec::new();
        for item in &items[..3] {
            match self.text("Fn::FindInMap", item, at)? {
                Ok(k) => keys.push(k),
                Err(why) => return Ok(unknown(at, format!("Fn::FindInMap with a key of {why}"))),
            }
        }
        let found =
            self.mappings.and_then(|m| m.get(&keys[0])).and_then(|m| m.get(&keys[1])).and_then(|m| m.get(&keys[2]));
        match (found, items.get(3).and_then(|d| d.get("DefaultValue"))) {
            (Some(v), _) => self.value(v),
            (None, Some(d)) => self.value(d),
            (None, None) => Err(self.invalid(
                at,
                format!(
                    "Fn::FindInMap: Mappings has no {}.{}.{}",
                    excerpt(&keys[0]),
                    excerpt(&keys[1]),
                    excerpt(&keys[2])
                ),
            )),
        }
    }

    /// The value of the template's condition `name` (written at `at`); `Err` inside says why it is unknown.
    pub fn condition_named(&self, name: &str, at: &Node, depth: usize) -> Result<Result<bool, String>, ImportError> {
        if let Some(known) = self.memo.borrow().get(name) {
            return Ok(known.clone());
        }
        let Some(&body) = self.conditions.get(name) else {
            return Err(self.invalid(at, format!("no condition named '{}' in Conditions", excerpt(name))));
        };
        if self.active.borrow().iter().any(|a| a == name) {
            return Err(self.invalid(at, format!("condition {} refers to itself", excerpt(name))));
        }
        // Counted by the conditions open, not by `depth`: a condition reached through an `Fn::If` inside an
        // `Fn::Equals` starts a new `depth`, and a long chain of those must not exhaust the stack either.
        if depth > MAX_CONDITION_DEPTH || self.active.borrow().len() > MAX_CONDITION_DEPTH {
            return Err(self.invalid(
                at,
                format!("conditions name conditions more than {MAX_CONDITION_DEPTH} deep: refused, as no template needs that"),
            ));
        }
        self.active.borrow_mut().push(name.to_string());
        let result = self.condition(body, depth + 1);
        self.active.borrow_mut().pop();
        let known = result?;
        self.memo.borrow_mut().insert(name.to_string(), known.clone());
        Ok(known)
    }

    fn condition(&self, node: &Node, depth: usize) -> Result<Result<bool, String>, ImportError> {
        let call = match node.as_map() {
            Some([(k, v)]) if k.as_str() == Some("Condition") && node.tag.is_none() => {
                Some(("Condition".to_string(), v))
            }
            _ => intrinsic(node),
        };
        let Some((name, arg)) = call else {
            return Err(self.invalid(
                node,
                format!("{} is not a condition: Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition", node.describe()),
            ));
        };
        match name.as_str() {
            "Condition" => match arg.as_str() {
                Some(c) => self.condition_named(c, arg, depth + 1),
                None => Err(self.invalid(node, "Condition takes a condition's name".into())),
            },
            "Fn::Equals" => {
                let items = self.items(&name, arg, node, &[2])?;
                let (a, b) = (self.value(&items[0])?, self.value(&items[1])?);
                let unknown =
                    [&a, &b].into_iter().find(|v| is_unknown(v)).map(|u| u.as_str().unwrap_or("").to_string());
                Ok(unknown.map_or_else(|| Ok(same(&a, &b)), Err))
            }
            "Fn::Not" => {
                let items = self.items(&name, arg, node, &[1])?;
                Ok(self.condition(&items[0], depth + 1)?.map(|b| !b))
            }
            "Fn::And" | "Fn::Or" => {
                let Some(items) = arg.as_seq().filter(|i| (2..=10).contains(&i.len())) else {
                    return Err(self.invalid(node, format!("{name} takes a list of 2 – 10 conditions")));
                };
                // And is false as soon as one item is false, Or true as soon as one is true, unknowns or not.
                let decisive = name == "Fn::Or";
                let mut why = None;
                for item in items {
                    match self.condition(item, depth + 1)? {
                        Ok(b) if b == decisive => return Ok(Ok(decisive)),
                        Ok(_) => {}
                        Err(w) => why = why.or(Some(w)),
                    }
                }
                Ok(why.map_or(Ok(!decisive), Err))
            }
            "Fn::If" => Err(self.invalid(node, "Fn::If is not allowed in a condition (use Fn::And, Fn::Or)".into())),
            _ => match self.value(node)? {
                v if is_unknown(&v) => Ok(Err(v.as_str().unwrap_or("").to_string())),
                v => match v.as_bool() {
                    Some(b) => Ok(Ok(b)),
                    None => Err(self.invalid(node, format!("{name} is not a condition"))),
                },
            },
        }
    }
}

enum Named {
    Value(Node),
    NoValue,
    Unknown(String),
}

/// Values equal as CloudFormation compares them (as strings, lists item by item).
fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Scalar { text: x, .. }, Value::Scalar { text: y, .. }) => x == y,
        (Value::Seq(x), Value::Seq(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, p), (l, q))| k.value == l.value && same(p, q))
        }
        _ => false,
    }
}

/// `value` at `node`'s position, untagged.
pub(super) fn located(node: &Node, value: Value) -> Node {
    Node { value, tag: None, line: node.line, column: node.column }
}

fn scalar_null(at: &Node) -> Node {
    Node { value: Value::Scalar { text: String::new(), plain: true }, tag: None, line: at.line, column: at.column }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iac::yaml::parse;

    /// `expr` evaluated in a template with parameter `P` = `p` and condition `Yes` true.
    fn eval(expr: &str) -> Result<Node, ImportError> {
        let text = format!(
            "Parameters:\n  P: {{Type: String, Default: p}}\n  L: {{Type: CommaDelimitedList, Default: 'a, b'}}\n\
             Conditions:\n  Yes: !Equals [!Ref P, p]\nResources:\n  R: {{Type: AWS::SQS::Queue}}\nX: {expr}\n"
        );
        let doc = parse("t.yaml", &text).unwrap();
        let vars = BTreeMap::new();
        let e = Eval::new("t.yaml", &doc, &vars)?;
        e.eval(doc.get("X").unwrap())
    }

    fn text(expr: &str) -> String {
        let n = eval(expr).unwrap();
        assert!(!is_unknown(&n), "{expr}: {n:?}");
        n.as_str().unwrap().to_string()
    }

    #[test]
    fn strings_are_built_as_cloudformation_builds_them() {
        assert_eq!(text("!Sub '${P}-${!Literal}'"), "p-${Literal}");
        assert_eq!(text("!Sub ['${P}/${Q}', {Q: !Join ['+', [a, !Ref P]]}]"), "p/a+p");
        assert_eq!(text("!Select [1, !Ref L]"), "b");
        assert_eq!(text("!Select [0, !Split [':', 'x:y']]"), "x");
        assert_eq!(text("{\"Fn::If\": [Yes, !Ref P, other]}"), "p");
        assert_eq!(text("!If [Yes, !Sub 'in ${P}', !GetAtt R.Arn]"), "in p");
    }

    #[test]
    fn what_a_deployment_knows_is_unknown_with_the_expression() {
        let n = eval("!Sub 'arn:${AWS::Partition}:${R.Arn}'").unwrap();
        assert!(is_unknown(&n));
        let why = n.as_str().unwrap();
        assert!(why.contains("AWS::Partition (a pseudo parameter") && why.contains("resource R's"), "{why}");
        assert!(is_unknown(&eval("!GetAZs ''").unwrap()));
        assert!(eval("!Ref AWS::NoValue").unwrap().is_null());
        // `X: !Select ` is 11 characters of line 8: the tagged list starts at column 12.
        let e = eval("!Select [5, [a]]").unwrap_err().to_string();
        assert!(e.starts_with("t.yaml:8:12: Fn::Select index '5' is not one of the list's 1 items"), "{e}");
    }

    #[test]
    fn a_long_chain_of_conditions_is_refused_not_a_stack_overflow() {
        // Each condition compares an Fn::If on the one before: a fresh depth at every Fn::If.
        let mut text = String::from("Conditions:\n  C0: !Equals [a, a]\n");
        for i in 1..2_000 {
            text += &format!("  C{i}: !Equals [!If [C{}, a, b], a]\n", i - 1);
        }
        text += "Resources: {}\nX: !If [C1999, 1, 2]\n";
        let doc = parse("t.yaml", &text).unwrap();
        let vars = BTreeMap::new();
        let e = Eval::new("t.yaml", &doc, &vars).unwrap().eval(doc.get("X").unwrap()).unwrap_err().to_string();
        assert!(e.contains("more than 64 deep"), "{e}");
    }
}
