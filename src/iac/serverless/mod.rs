//! Serverless Framework `serverless.yml`, read statically: the file's variables are resolved first ([`vars`]),
//! then each entry of `functions:` becomes a function ([`function`]) with its `events:` as triggers ([`events`]).
//!
//! Keys, defaults and event types are the framework's (serverless/serverless
//! docs/providers/aws/guide/serverless.yml.md, functions.md, events/*.md; v3, and v4, which keeps them); ranges
//! are Lambda's, so that a value AWS would refuse is refused here, at its `file:line:col`.

mod events;
mod function;
mod syntax;
mod vars;

use std::path::Path;

use super::yaml::{self, Node};
use super::{dedupe_names, Format, Import, ImportError, ReadOptions, Unresolved};
use crate::diagnostic::excerpt;

/// The functions of the `serverless.yml` at `path`, whose text is `text` (files it names with `${file(…)}` are
/// read relative to it).
///
/// # Errors
/// [`ImportError::Invalid`] with `file:line:col` for a file that does not parse, a variable that cannot resolve
/// (a cycle, a `self:` path that does not exist) or a value Lambda refuses.
pub fn read(path: &Path, text: &str, options: &ReadOptions) -> Result<Import, ImportError> {
    let shown = path.display().to_string();
    let doc = yaml::parse(&shown, text)?;
    if doc.as_map().is_none() {
        return Err(ImportError::invalid(
            doc.location(&shown),
            format!("a serverless.yml is a mapping (service, provider, functions): this is {}", doc.describe()),
        ));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut resolver = vars::Resolver::new(&doc, &shown, dir, options);
    let root = resolver.tree(&doc, "", &shown)?;
    let mut files = vec![path.to_path_buf()];
    files.extend(resolver.files);
    let mut import = Import {
        format: Format::Serverless,
        files,
        region: None,
        functions: Vec::new(),
        skipped: Vec::new(),
        unresolved: Vec::new(),
    };
    let mut r = Reader { file: &shown, root: &root, import: &mut import };
    let provider = root.get("provider").filter(|p| !p.is_null());
    if let Some(p) = provider {
        if p.as_map().is_none() {
            return Err(r.invalid(p, format!("provider is {}: a mapping is expected", p.describe())));
        }
        if let Some(name) = r.string("provider", p, "name", "aws")? {
            if name != "aws" {
                return Err(r.invalid(
                    p.get("name").unwrap_or(p),
                    format!("provider.name is '{}': costsim import reads AWS Lambda (name: aws)", excerpt(&name)),
                ));
            }
        }
        r.import.region = r.string("provider", p, "region", "no region")?;
    }
    function::read_all(&mut r, provider)?;
    dedupe_names(&mut import.functions);
    Ok(import)
}

/// What the readers share: the file's name, the resolved document and the import being filled.
struct Reader<'a> {
    file: &'a str,
    root: &'a Node,
    import: &'a mut Import,
}

impl<'a> Reader<'a> {
    fn invalid(&self, node: &Node, message: String) -> ImportError {
        ImportError::invalid(node.location(self.file), message)
    }

    /// `node` as a value to read: `None` when null, or when only a deploy knows it (then recorded as unresolved
    /// at `address`, `used` saying what the import uses instead); a fallback that stood in is read, and recorded.
    fn known<'n>(&mut self, address: &str, node: &'n Node, used: &str) -> Option<&'n Node> {
        if node.is_null() {
            return None;
        }
        match vars::unknown(node) {
            None => Some(node),
            Some((why, has_fallback)) => {
                let used = if has_fallback { format!("the fallback {}", node_text(node)) } else { used.to_string() };
                let location = node.location(self.file);
                // A provider value that only a deploy knows is met once per function: listed once.
                if !self.import.unresolved.iter().any(|u| u.address == address && u.location == location) {
                    self.import.unresolved.push(Unresolved { address: address.to_string(), location, why, used });
                }
                has_fallback.then_some(node)
            }
        }
    }

    /// Says what the import used (`used`) for the values just recorded as unresolved with `used` left empty (a
    /// function's value falls back to the provider's, then to the framework's default: only then is it known).
    fn settle(&mut self, used: &str) {
        for u in self.import.unresolved.iter_mut().filter(|u| u.used.is_empty()) {
            u.used = used.to_string();
        }
    }

    /// The whole number at `key` of `owner` (whose address is `address`), in `lo..=hi` [unit].
    fn int(
        &mut self,
        address: &str,
        owner: &Node,
        key: &str,
        (lo, hi): (u32, u32),
        unit: &str,
        used: &str,
    ) -> Result<Option<u32>, ImportError> {
        let Some(node) = owner.get(key) else { return Ok(None) };
        let Some(node) = self.known(&format!("{address}.{key}"), node, used) else { return Ok(None) };
        match node.as_f64() {
            Some(x) if x.fract() == 0.0 && (f64::from(lo)..=f64::from(hi)).contains(&x) => Ok(Some(x as u32)),
            _ => Err(self.invalid(
                node,
                format!("{address}.{key} is {}: allowed are whole numbers {lo} – {hi}{unit}", node.describe()),
            )),
        }
    }

    /// The text at `key` of `owner` (a number or boolean is read as written).
    fn string(&mut self, address: &str, owner: &Node, key: &str, used: &str) -> Result<Option<String>, ImportError> {
        let Some(node) = owner.get(key) else { return Ok(None) };
        let Some(node) = self.known(&format!("{address}.{key}"), node, used) else { return Ok(None) };
        match node.as_str() {
            Some(s) => Ok(Some(s.to_string())),
            None => Err(self.invalid(node, format!("{address}.{key} is {}: a text is expected", node.describe()))),
        }
    }

    /// `true` or `false` at `key` of `owner`.
    fn bool(&mut self, address: &str, owner: &Node, key: &str, used: &str) -> Result<Option<bool>, ImportError> {
        let Some(node) = owner.get(key) else { return Ok(None) };
        let Some(node) = self.known(&format!("{address}.{key}"), node, used) else { return Ok(None) };
        node.as_bool().map(Some).ok_or_else(|| {
            self.invalid(node, format!("{address}.{key} is {}: true or false is expected", node.describe()))
        })
    }
}

fn node_text(node: &Node) -> String {
    node.as_str().map_or_else(|| node.describe(), |s| format!("'{}'", excerpt(s)))
}
