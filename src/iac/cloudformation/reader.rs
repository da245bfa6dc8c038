//! The resources of a template turned into functions: the reader's state, the typed property accessors (each
//! records an [`Unresolved`] for a value only a deployment knows) and the linking of a resource to the function
//! it names.

use std::collections::BTreeMap;

use super::intrinsics::{is_unknown, Eval};
use super::structure::refs;
use super::{Res, LAMBDA_FUNCTION, SAM_FUNCTION};
use crate::diagnostic::{excerpt, Location};
use crate::iac::yaml::{Node, Value};
use crate::iac::{dedupe_names, Import, ImportError, Skipped, Trigger, Unresolved};

/// Resource types whose false `Condition` is worth a note: those that are, configure or invoke a function.
pub fn relevant(kind: &str) -> bool {
    kind.starts_with("AWS::Lambda::") || kind == SAM_FUNCTION || super::resources::READ.contains(&kind)
}

/// Some properties of one resource or SAM event, evaluated.
pub struct Scope {
    /// Named in messages: `Resources.Fn`, `Resources.Fn.Properties.Events.Jobs`.
    pub address: String,
    /// Prefix of an unresolved value's address: `Resources.Fn.Properties`.
    pub props: String,
    /// The evaluated properties (a mapping).
    pub node: Node,
    /// Where the resource or event is written.
    pub location: Location,
}

/// The reader's state over one template.
pub struct Reader<'r, 'a> {
    pub(super) path: &'r str,
    pub(super) eval: &'r Eval<'a>,
    pub(super) resources: &'r [Res<'a>],
    /// `Globals.Function`, for messages about what it adds.
    pub(super) globals: Option<&'a Node>,
    pub(super) import: &'r mut Import,
    /// Function index by logical ID (and by the alias SAM's `AutoPublishAlias` generates: `<Id>Alias<Name>`).
    pub(super) by_id: BTreeMap<String, usize>,
    /// Function index by deployed name.
    pub(super) by_name: BTreeMap<String, usize>,
    /// Each function's triggers, in the order found.
    pub(super) triggers: Vec<Vec<Trigger>>,
}

impl<'r, 'a> Reader<'r, 'a> {
    /// A reader of `resources`, filling `import`.
    pub fn new(
        path: &'r str,
        eval: &'r Eval<'a>,
        resources: &'r [Res<'a>],
        globals: Option<&'a Node>,
        import: &'r mut Import,
    ) -> Reader<'r, 'a> {
        Reader {
            path,
            eval,
            resources,
            globals,
            import,
            by_id: BTreeMap::new(),
            by_name: BTreeMap::new(),
            triggers: Vec::new(),
        }
    }

    /// Functions first (with their SAM events), then everything that configures or invokes them.
    pub fn run(mut self) -> Result<(), ImportError> {
        let resources = self.resources;
        for r in resources.iter().filter(|r| r.kind == LAMBDA_FUNCTION || r.kind == SAM_FUNCTION) {
            self.function(r)?;
        }
        for r in resources {
            self.related(r)?;
        }
        super::super::check_provisioned(&self.import.functions)?;
        let triggers = std::mem::take(&mut self.triggers);
        for (f, mut t) in self.import.functions.iter_mut().zip(triggers) {
            t.dedup();
            if !t.is_empty() {
                f.trigger = t.remove(0);
                f.other_triggers = t;
            }
        }
        dedupe_names(&mut self.import.functions);
        Ok(())
    }

    /// The properties `keys` of `r`, evaluated (the others are not: a policy's intrinsics are not costsim's).
    pub(super) fn scope(&self, r: &Res, keys: &[&str]) -> Result<Scope, ImportError> {
        let mut out = Vec::new();
        for (k, v) in r.props.as_map().unwrap_or_default() {
            if k.as_str().is_some_and(|k| keys.contains(&k)) {
                let v = self.eval.eval(v)?;
                if !v.is_null() {
                    out.push((k.clone(), v));
                }
            }
        }
        Ok(Scope {
            address: r.address.clone(),
            props: format!("{}.Properties", r.address),
            node: Node { value: Value::Map(out), tag: None, line: r.props.line, column: r.props.column },
            location: r.location.clone(),
        })
    }

    pub(super) fn skip(&mut self, address: &str, location: &Location, reason: &str) {
        self.import.skipped.push(Skipped {
            address: address.to_string(),
            location: location.clone(),
            reason: reason.into(),
        });
    }

    /// The node at dotted `path` of `s`; none when absent or null, or when only a deployment knows it (then
    /// recorded as unresolved, `used` standing in for it).
    pub(super) fn get<'s>(&mut self, s: &'s Scope, path: &str, used: &str) -> Option<&'s Node> {
        let mut n = &s.node;
        let mut walked = Vec::new();
        for key in path.split('.') {
            if is_unknown(n) {
                break;
            }
            n = n.get(key)?;
            walked.push(key);
        }
        if is_unknown(n) {
            self.unresolved(s, &walked.join("."), n, used);
            return None;
        }
        (!n.is_null()).then_some(n)
    }

    /// Records that `path` of `s` is the unknown `n`, `used` standing in for it.
    pub(super) fn unresolved(&mut self, s: &Scope, path: &str, n: &Node, used: &str) {
        self.import.unresolved.push(Unresolved {
            address: format!("{}.{path}", s.props),
            location: n.location(self.path),
            why: n.as_str().unwrap_or("").to_string(),
            used: used.to_string(),
        });
    }

    /// A whole number at `path` in `lo..=hi` [unit].
    pub(super) fn int(
        &mut self,
        s: &Scope,
        path: &str,
        (lo, hi): (i64, i64),
        unit: &str,
        used: &str,
    ) -> Result<Option<i64>, ImportError> {
        let Some(n) = self.get(s, path, used) else { return Ok(None) };
        match n.as_f64() {
            Some(x) if x.fract() == 0.0 && (lo as f64..=hi as f64).contains(&x) => Ok(Some(x as i64)),
            _ => {
                let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
                Err(ImportError::invalid(
                    n.location(self.path),
                    format!("{}: {path} is {}: allowed are whole numbers {lo} – {hi}{unit}", s.address, shown(n)),
                ))
            }
        }
    }

    /// A string at `path` (a number or boolean is read as its text).
    pub(super) fn string(&mut self, s: &Scope, path: &str, used: &str) -> Result<Option<String>, ImportError> {
        let Some(n) = self.get(s, path, used) else { return Ok(None) };
        match n.as_str() {
            Some(t) => Ok(Some(t.to_string())),
            None => Err(ImportError::invalid(
                n.location(self.path),
                format!("{}: {path} is {}: a string is expected", s.address, shown(n)),
            )),
        }
    }

    /// `true` or `false` at `path`.
    pub(super) fn bool(&mut self, s: &Scope, path: &str, used: &str) -> Result<Option<bool>, ImportError> {
        let Some(n) = self.get(s, path, used) else { return Ok(None) };
        match n.as_bool() {
            Some(b) => Ok(Some(b)),
            None => Err(ImportError::invalid(
                n.location(self.path),
                format!("{}: {path} is {}: true or false is expected", s.address, shown(n)),
            )),
        }
    }

    /// The texts of a list of strings at `path` (one string is a list of one); unknown items are left out.
    pub(super) fn strings(&mut self, s: &Scope, path: &str) -> Vec<String> {
        let Some(n) = self.get(s, path, "nothing") else { return Vec::new() };
        let items = n.as_seq().unwrap_or(std::slice::from_ref(n));
        items.iter().filter(|i| !is_unknown(i)).filter_map(Node::as_str).map(str::to_string).collect()
    }

    /// The function the raw expression `raw` (at `key` of `r`) names, through `Ref`/`Fn::GetAtt` to a function,
    /// an alias or a version of it, or by deployed name or ARN; none (recorded as skipped) when it names none of
    /// the template's functions.
    pub(super) fn link(&mut self, r: &Res, key: &str, raw: Option<&Node>) -> Result<Option<usize>, ImportError> {
        let Some(raw) = raw else {
            self.skip(&r.address, &r.location, &format!("it has no {key}, so it names no function"));
            return Ok(None);
        };
        if let Some(i) = self.linked(raw, 0) {
            return Ok(Some(i));
        }
        let value = self.eval.eval(raw)?;
        if let Some(i) = value.as_str().filter(|_| !is_unknown(&value)).and_then(|s| self.by_deployed(s)) {
            return Ok(Some(i));
        }
        let mut named = Vec::new();
        refs(raw, &mut named);
        let what = match (value.as_str(), named.first()) {
            (_, Some(id)) => format!("resource {}", excerpt(id)),
            (Some(t), None) => excerpt(t),
            (None, None) => value.describe(),
        };
        self.skip(&r.address, &r.location, &format!("its {key} ({what}) names no function of the template"));
        Ok(None)
    }

    /// The function `raw` refers to by logical ID, following aliases and versions (a few levels).
    fn linked(&self, raw: &Node, depth: usize) -> Option<usize> {
        let mut ids = Vec::new();
        refs(raw, &mut ids);
        for id in &ids {
            if let Some(&i) = self.by_id.get(id) {
                return Some(i);
            }
            let target = self.resources.iter().find(|r| r.id == id.as_str());
            if let Some(t) = target.filter(|t| t.kind == "AWS::Lambda::Alias" || t.kind == "AWS::Lambda::Version") {
                let inner = t.props.get("FunctionName")?;
                if let Some(i) = self.linked(inner, depth + 1).filter(|_| depth < 4) {
                    return Some(i);
                }
                let v = self.eval.eval(inner).ok()?;
                if let Some(i) = v.as_str().filter(|_| !is_unknown(&v)).and_then(|s| self.by_deployed(s)) {
                    return Some(i);
                }
            }
        }
        None
    }

    /// A function by deployed name or by an ARN that holds it (`arn:aws:lambda:…:function:NAME[:qualifier]`).
    fn by_deployed(&self, s: &str) -> Option<usize> {
        let name = match s.split_once(":function:") {
            Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
            None => s,
        };
        self.by_name.get(name).copied()
    }
}

/// A value as a message quotes it: a plain scalar as written, a quoted one in quotes.
pub fn shown(n: &Node) -> String {
    match &n.value {
        Value::Scalar { text, plain: true } => excerpt(text),
        Value::Scalar { text, plain: false } => format!("'{}'", excerpt(text)),
        _ => n.describe(),
    }
}
