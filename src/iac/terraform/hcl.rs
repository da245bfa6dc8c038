//! The `.tf` files of a directory, read statically: literal values, input variables (`--var`, `*.tfvars`,
//! defaults), `locals`, string templates, conditionals, a few built-in functions, `count` and `for_each` over
//! known collections. What only `terraform apply` knows (another resource's ARN, a data source, a module output)
//! stays symbolic: references link resources to functions, and a cost setting that depends on one is reported
//! as unresolved.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::visit::{visit_traversal, Visit};
use hcl_edit::Span;
use serde_json::Value;

use super::model::{Attr, Node, Resource};
use crate::diagnostic::{excerpt, Location};
use crate::iac::{ImportError, ReadOptions, Skipped, Unresolved};

/// Most instances `count` or `for_each` may expand one resource to.
const MAX_INSTANCES: usize = 10_000;
/// Passes over `locals` (each may refer to others, in any order).
const LOCAL_PASSES: usize = 32;

/// One parsed file.
struct File {
    shown: String,
    text: String,
    body: Body,
}

impl File {
    fn at(&self, span: Option<std::ops::Range<usize>>) -> Location {
        Location::at_offset(&self.shown, &self.text, span.map_or(0, |s| s.start))
    }
}

/// What the directory's files hold, before resources are expanded.
pub struct Module {
    /// The files read, in order.
    pub files: Vec<PathBuf>,
    /// The provider's region, if literal or resolvable.
    pub region: Option<String>,
    /// Resource instances.
    pub resources: Vec<Resource>,
    /// What was not read.
    pub skipped: Vec<Skipped>,
    /// What could not be resolved outside resources (variables without values, locals).
    pub unresolved: Vec<Unresolved>,
}

/// Read every `*.tf` file of `dir` (in name order) and the variable files Terraform loads by itself
/// (`terraform.tfvars`, then `*.auto.tfvars`), and the local modules it calls (`source = "./…"`).
pub fn read_dir(dir: &Path, options: &ReadOptions, max_bytes: u64) -> Result<Module, ImportError> {
    let mut module =
        Module { files: Vec::new(), region: None, resources: Vec::new(), skipped: Vec::new(), unresolved: Vec::new() };
    let call = Call { prefix: String::new(), inputs: None, depth: 0 };
    read_module(dir, options, max_bytes, &call, &mut module)?;
    Ok(module)
}

/// Most nested local modules read.
const MAX_MODULE_DEPTH: usize = 8;

/// How a module is read: at the root, or called from a parent with its inputs.
struct Call {
    /// `module.worker.` of a called module's addresses; empty at the root.
    prefix: String,
    /// The values the parent's `module` block gives the module's variables; none at the root, which reads
    /// `--var` and the variable files instead.
    inputs: Option<BTreeMap<String, Value>>,
    depth: usize,
}

fn read_module(
    dir: &Path,
    options: &ReadOptions,
    max_bytes: u64,
    call: &Call,
    module: &mut Module,
) -> Result<(), ImportError> {
    let entries =
        std::fs::read_dir(dir).map_err(|source| ImportError::Read { path: dir.display().to_string(), source })?;
    let mut names: Vec<PathBuf> = Vec::new();
    for e in entries {
        let e = e.map_err(|source| ImportError::Read { path: dir.display().to_string(), source })?;
        names.push(e.path());
    }
    names.sort();
    let ext = |p: &Path, s: &str| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(s));
    let tf: Vec<PathBuf> = names.iter().filter(|p| ext(p, ".tf") && p.is_file()).cloned().collect();
    let mut tfvars: Vec<PathBuf> = Vec::new();
    if call.inputs.is_none() {
        tfvars.extend(names.iter().filter(|p| p.file_name().is_some_and(|n| n == "terraform.tfvars")).cloned());
        tfvars.extend(names.iter().filter(|p| ext(p, ".auto.tfvars")).cloned());
    }
    if tf.is_empty() {
        return Err(ImportError::Empty(format!(
            "{}: no .tf files (a Terraform directory holds main.tf and the like)",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    for p in &tf {
        files.push(parse(p, max_bytes)?);
    }
    let mut vars_files = Vec::new();
    for p in &tfvars {
        vars_files.push(parse(p, max_bytes)?);
    }
    module.files.extend(tf);
    module.files.extend(tfvars);
    let vars = variables(&files, &vars_files, options, call, module)?;
    let locals = locals(&files, &vars, call, module);
    let scope = Scope { vars, locals, instance: BTreeMap::new(), prefix: call.prefix.clone() };
    for f in &files {
        for s in f.body.iter() {
            let Structure::Block(b) = s else { continue };
            match b.ident.as_str() {
                "resource" => resource(f, b, &scope, module)?,
                "provider" if label(b, 0) == Some("aws") && module.region.is_none() => {
                    if let Some(a) = b.body.get_attribute("region") {
                        module.region = scope.eval(&a.value).ok().and_then(|v| v.as_str().map(str::to_string));
                    }
                }
                "module" => module_call(dir, f, b, &scope, options, max_bytes, call, module)?,
                _ => {}
            }
        }
    }
    Ok(())
}

/// A `module` block: a local module (`source = "./…"` or `"../…"`) is read with its inputs; any other is skipped.
#[allow(clippy::too_many_arguments)]
fn module_call(
    dir: &Path,
    f: &File,
    b: &Block,
    scope: &Scope,
    options: &ReadOptions,
    max_bytes: u64,
    call: &Call,
    module: &mut Module,
) -> Result<(), ImportError> {
    let name = label(b, 0).unwrap_or("?");
    let address = format!("{}module.{name}", call.prefix);
    let location = f.at(b.span());
    let source = b.body.get_attribute("source").and_then(|a| scope.eval(&a.value).ok());
    let source = source.as_ref().and_then(Value::as_str).unwrap_or("?").to_string();
    let skip = |module: &mut Module, reason: String| {
        module.skipped.push(Skipped { address: address.clone(), location: location.clone(), reason })
    };
    if !(source.starts_with("./") || source.starts_with("../")) {
        skip(module, format!("only local modules are read (source {}): run `terraform show -json` on a plan and import that, which has every module's resources", excerpt(&source)));
        return Ok(());
    }
    if b.body.has_attribute("count") || b.body.has_attribute("for_each") {
        skip(module, "a module with count or for_each is not read: import `terraform show -json` of a plan".into());
        return Ok(());
    }
    if call.depth >= MAX_MODULE_DEPTH {
        skip(module, format!("modules nested deeper than {MAX_MODULE_DEPTH} are not read"));
        return Ok(());
    }
    let mut inputs = BTreeMap::new();
    for a in b.body.attributes() {
        let key = a.key.as_str();
        if matches!(key, "source" | "version" | "providers" | "depends_on") {
            continue;
        }
        match scope.eval(&a.value) {
            Ok(v) => {
                inputs.insert(key.to_string(), v);
            }
            Err(why) => module.unresolved.push(Unresolved {
                address: format!("{address}.{key}"),
                location: f.at(a.value.span()),
                why,
                used: "the module variable's default".into(),
            }),
        }
    }
    let child = Call { prefix: format!("{address}."), inputs: Some(inputs), depth: call.depth + 1 };
    read_module(&dir.join(&source), options, max_bytes, &child, module)
}

fn parse(path: &Path, max_bytes: u64) -> Result<File, ImportError> {
    let shown = path.display().to_string();
    let size = std::fs::metadata(path).map_err(|source| ImportError::Read { path: shown.clone(), source })?.len();
    if size > max_bytes {
        return Err(ImportError::invalid(
            Location::at_line(&shown, 1, 1),
            format!("the file is {size} bytes: at most {max_bytes} are read (raise it with --max-input-mb)"),
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Read { path: shown.clone(), source })?;
    let body = hcl_edit::parser::parse_body(&text).map_err(|e| {
        let l = e.location();
        ImportError::invalid(Location::at_line(&shown, l.line(), l.column()), format!("not valid HCL: {}", e.message()))
    })?;
    Ok(File { shown, text, body })
}

fn label(b: &Block, i: usize) -> Option<&str> {
    b.labels.get(i).map(|l| l.as_str())
}

/// Input variables: `--var` wins over the variable files, which win over `default`.
fn variables(
    files: &[File],
    vars_files: &[File],
    options: &ReadOptions,
    call: &Call,
    module: &mut Module,
) -> Result<BTreeMap<String, Value>, ImportError> {
    let empty = Scope::default();
    let mut from_files: BTreeMap<String, Value> = BTreeMap::new();
    for f in vars_files {
        for a in f.body.attributes() {
            match empty.eval(&a.value) {
                Ok(v) => {
                    from_files.insert(a.key.as_str().to_string(), v);
                }
                Err(why) => {
                    return Err(ImportError::invalid(
                        f.at(a.value.span()),
                        format!("{} = {why}: a variable file holds literal values", a.key.as_str()),
                    ))
                }
            }
        }
    }
    let mut vars = BTreeMap::new();
    for f in files {
        for b in f.body.get_blocks("variable") {
            let Some(name) = label(b, 0) else { continue };
            let value = if let Some(inputs) = &call.inputs {
                inputs
                    .get(name)
                    .cloned()
                    .or_else(|| b.body.get_attribute("default").and_then(|a| empty.eval(&a.value).ok()))
            } else if let Some(given) = options.vars.get(name) {
                Some(cli_value(given))
            } else if let Some(v) = from_files.get(name) {
                Some(v.clone())
            } else {
                b.body.get_attribute("default").and_then(|a| empty.eval(&a.value).ok())
            };
            match value {
                Some(v) => {
                    vars.insert(name.to_string(), v);
                }
                None => module.unresolved.push(Unresolved {
                    address: format!("{}var.{name}", call.prefix),
                    location: f.at(b.span()),
                    why: "the variable has no default and no value was given".into(),
                    used: format!("nothing: pass --var {name}=VALUE"),
                }),
            }
        }
    }
    Ok(vars)
}

/// A `--var name=value` value: a number or a bool when it reads as one (as Terraform converts to the variable's
/// type), else the string.
fn cli_value(given: &str) -> Value {
    if let Ok(n) = given.trim().parse::<i64>() {
        return Value::from(n);
    }
    match given.trim() {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(given.to_string()),
    }
}

/// `locals` blocks, evaluated in passes until none changes (each may refer to the others).
fn locals(files: &[File], vars: &BTreeMap<String, Value>, call: &Call, module: &mut Module) -> BTreeMap<String, Value> {
    let mut pending: Vec<(&File, &hcl_edit::structure::Attribute)> = Vec::new();
    for f in files {
        for b in f.body.get_blocks("locals") {
            pending.extend(b.body.attributes().map(|a| (f, a)));
        }
    }
    let mut scope =
        Scope { vars: vars.clone(), locals: BTreeMap::new(), instance: BTreeMap::new(), prefix: String::new() };
    for _ in 0..LOCAL_PASSES {
        let before = pending.len();
        pending.retain(|(_, a)| match scope.eval(&a.value) {
            Ok(v) => {
                scope.locals.insert(a.key.as_str().to_string(), v);
                false
            }
            Err(_) => true,
        });
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    for (f, a) in pending {
        let why = scope.eval(&a.value).err().unwrap_or_default();
        module.unresolved.push(Unresolved {
            address: format!("{}local.{}", call.prefix, a.key.as_str()),
            location: f.at(a.value.span()),
            why,
            used: "nothing".into(),
        });
    }
    scope.locals
}

/// What an expression may refer to.
#[derive(Default, Clone)]
struct Scope {
    vars: BTreeMap<String, Value>,
    locals: BTreeMap<String, Value>,
    /// `count` or `each` of the instance being read.
    instance: BTreeMap<String, Value>,
    /// The module's address prefix (`module.worker.`), which its references to its own resources carry.
    prefix: String,
}

impl Scope {
    /// The value of `expr`, or why a static reader cannot know it.
    fn eval(&self, expr: &Expression) -> Result<Value, String> {
        let refs = roots(expr);
        if let Some(why) = refs.iter().find_map(|r| unknowable(r)) {
            return Err(format!("{} ({why})", excerpt(expr.to_string().trim())));
        }
        let mut ctx = Context::new();
        ctx.declare_var("var", to_hcl(&object(&self.vars)));
        ctx.declare_var("local", to_hcl(&object(&self.locals)));
        for (k, v) in &self.instance {
            ctx.declare_var(k.as_str(), to_hcl(v));
        }
        declare_functions(&mut ctx);
        let e: hcl::Expression = expr.clone().into();
        match e.evaluate(&ctx) {
            Ok(v) => serde_json::to_value(&v).map_err(|e| e.to_string()),
            Err(errors) => Err(format!("{}: {}", excerpt(expr.to_string().trim()), excerpt(&errors.to_string()))),
        }
    }
}

fn object(map: &BTreeMap<String, Value>) -> Value {
    Value::Object(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn to_hcl(v: &Value) -> hcl::Value {
    serde_json::from_value(v.clone()).unwrap_or(hcl::Value::Null)
}

/// Why a reference cannot be known before apply, or none when the reader can evaluate it.
fn unknowable(root: &str) -> Option<&'static str> {
    match root {
        "var" | "local" | "count" | "each" | "path" | "terraform" => None,
        "data" => Some("a data source: known only when Terraform reads it"),
        "module" => Some("a module output: modules are not read"),
        "self" => Some("a self reference"),
        _ => Some("another resource's attribute: known only after apply"),
    }
}

/// The first identifier of every reference in `expr` (`var`, `local`, `aws_lambda_function`, …): a bare
/// variable, or the root of a traversal; attribute names, object keys, function names and `for` variables are not
/// references.
fn roots(expr: &Expression) -> Vec<String> {
    struct Roots(Vec<String>);
    impl Visit for Roots {
        fn visit_expr(&mut self, expr: &Expression) {
            match expr {
                Expression::Variable(v) => self.0.push(v.as_str().to_string()),
                Expression::Traversal(t) => {
                    self.visit_expr(&t.expr);
                    for op in &t.operators {
                        if let TraversalOperator::Index(i) = op.value() {
                            self.visit_expr(i);
                        }
                    }
                }
                Expression::Object(o) => {
                    for (_, v) in o.iter() {
                        self.visit_expr(v.expr());
                    }
                }
                Expression::FuncCall(call) => {
                    for a in call.args.iter() {
                        self.visit_expr(a);
                    }
                }
                // Evaluated as a whole; its iteration variables are not references.
                Expression::ForExpr(_) => {}
                _ => hcl_edit::visit::visit_expr(self, expr),
            }
        }
    }
    let mut r = Roots(Vec::new());
    r.visit_expr(expr);
    r.0
}

/// The resources `expr` refers to: `aws_lambda_function.api`, with the instance key when it is written
/// (`aws_lambda_function.w[0]`, `[count.index]` evaluated in `scope`).
fn references(expr: &Expression, scope: &Scope) -> Vec<String> {
    struct Refs<'a> {
        scope: &'a Scope,
        out: Vec<String>,
    }
    impl Visit for Refs<'_> {
        fn visit_traversal(&mut self, t: &hcl_edit::expr::Traversal) {
            if let Expression::Variable(root) = &t.expr {
                let root = root.as_str();
                if unknowable(root).is_some() && root != "data" && root != "module" && root != "self" {
                    if let Some(TraversalOperator::GetAttr(name)) = t.operators.first().map(|o| o.value()) {
                        let mut address = format!("{}{root}.{}", self.scope.prefix, name.as_str());
                        if let Some(TraversalOperator::Index(i)) = t.operators.get(1).map(|o| o.value()) {
                            match self.scope.eval(i) {
                                Ok(Value::Number(n)) => address += &format!("[{n}]"),
                                Ok(Value::String(s)) => address += &format!("[{s:?}]"),
                                _ => {}
                            }
                        }
                        self.out.push(address);
                    }
                }
            }
            visit_traversal(self, t);
        }
    }
    let mut r = Refs { scope, out: Vec::new() };
    r.visit_expr(expr);
    r.out
}

/// A resource block, expanded by `count` or `for_each`.
fn resource(f: &File, b: &Block, scope: &Scope, module: &mut Module) -> Result<(), ImportError> {
    let (Some(kind), Some(name)) = (label(b, 0), label(b, 1)) else { return Ok(()) };
    let address = format!("{}{kind}.{name}", scope.prefix);
    let location = f.at(b.span());
    let mut instances: Vec<(String, BTreeMap<String, Value>)> = Vec::new();
    if let Some(c) = b.body.get_attribute("count") {
        match scope.eval(&c.value) {
            Ok(Value::Number(n)) if n.as_u64().is_some_and(|n| n as usize <= MAX_INSTANCES) => {
                for i in 0..n.as_u64().unwrap_or(0) {
                    let each = BTreeMap::from([("count".to_string(), serde_json::json!({ "index": i }))]);
                    instances.push((format!("{address}[{i}]"), each));
                }
            }
            other => {
                let why = match other {
                    Err(why) => why,
                    Ok(v) => format!("count = {} is not a whole number 0 – {MAX_INSTANCES}", excerpt(&v.to_string())),
                };
                module.skipped.push(Skipped {
                    address,
                    location,
                    reason: format!("its count could not be resolved: {why}"),
                });
                return Ok(());
            }
        }
    } else if let Some(fe) = b.body.get_attribute("for_each") {
        let items: Option<Vec<(String, Value)>> = match scope.eval(&fe.value) {
            Ok(Value::Object(m)) => Some(m.into_iter().collect()),
            Ok(Value::Array(a)) => a.into_iter().map(|v| v.as_str().map(|s| (s.to_string(), v.clone()))).collect(),
            _ => None,
        };
        match items.filter(|i| i.len() <= MAX_INSTANCES) {
            Some(items) => {
                for (k, v) in items {
                    let each = BTreeMap::from([("each".to_string(), serde_json::json!({ "key": k, "value": v }))]);
                    instances.push((format!("{address}[{k:?}]"), each));
                }
            }
            None => {
                module.skipped.push(Skipped {
                    address,
                    location,
                    reason: "its for_each could not be resolved to a map or a set of strings".into(),
                });
                return Ok(());
            }
        }
    } else {
        instances.push((address, BTreeMap::new()));
    }
    for (address, instance) in instances {
        let scope = Scope { instance, ..scope.clone() };
        module.resources.push(Resource {
            address,
            kind: kind.to_string(),
            location: location.clone(),
            node: node(f, &b.body, &scope),
        });
    }
    Ok(())
}

fn node(f: &File, body: &Body, scope: &Scope) -> Node {
    let mut n = Node::default();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                let attr = Attr {
                    value: scope.eval(&a.value),
                    refs: references(&a.value, scope),
                    location: f.at(a.value.span()),
                };
                n.attrs.insert(a.key.as_str().to_string(), attr);
            }
            Structure::Block(b) => {
                n.blocks.entry(b.ident.as_str().to_string()).or_default().push(node(f, &b.body, scope));
            }
        }
    }
    n
}

/// The few built-in functions that sizing expressions use; any other call is reported as unresolved.
fn declare_functions(ctx: &mut Context) {
    fn numbers(args: &FuncArgs) -> Result<Vec<f64>, String> {
        args.iter().map(|v| v.as_f64().ok_or_else(|| "a number is expected".to_string())).collect()
    }
    fn max(args: FuncArgs) -> Result<hcl::Value, String> {
        let n = numbers(&args)?;
        n.into_iter().reduce(f64::max).map(hcl::Value::from).ok_or_else(|| "max() needs an argument".into())
    }
    fn min(args: FuncArgs) -> Result<hcl::Value, String> {
        let n = numbers(&args)?;
        n.into_iter().reduce(f64::min).map(hcl::Value::from).ok_or_else(|| "min() needs an argument".into())
    }
    fn lookup(args: FuncArgs) -> Result<hcl::Value, String> {
        let key = args[1].as_str().ok_or("lookup() needs a string key")?;
        match args[0].as_object().and_then(|m| m.get(key)) {
            Some(v) => Ok(v.clone()),
            None => args.get(2).cloned().ok_or_else(|| format!("lookup(): no key {key:?} and no default")),
        }
    }
    fn tonumber(args: FuncArgs) -> Result<hcl::Value, String> {
        match &args[0] {
            hcl::Value::Number(n) => Ok(hcl::Value::Number(*n)),
            hcl::Value::String(s) => {
                s.trim().parse::<f64>().map(hcl::Value::from).map_err(|_| format!("tonumber({s:?})"))
            }
            _ => Err("tonumber() needs a number or a string".into()),
        }
    }
    fn tostring(args: FuncArgs) -> Result<hcl::Value, String> {
        match &args[0] {
            hcl::Value::String(s) => Ok(hcl::Value::String(s.clone())),
            hcl::Value::Number(n) => Ok(hcl::Value::String(n.to_string())),
            hcl::Value::Bool(b) => Ok(hcl::Value::String(b.to_string())),
            _ => Err("tostring() needs a primitive".into()),
        }
    }
    fn lower(args: FuncArgs) -> Result<hcl::Value, String> {
        Ok(hcl::Value::String(args[0].as_str().unwrap_or_default().to_lowercase()))
    }
    fn upper(args: FuncArgs) -> Result<hcl::Value, String> {
        Ok(hcl::Value::String(args[0].as_str().unwrap_or_default().to_uppercase()))
    }
    fn coalesce(args: FuncArgs) -> Result<hcl::Value, String> {
        args.iter()
            .find(|v| !v.is_null() && v.as_str() != Some(""))
            .cloned()
            .ok_or_else(|| "coalesce(): every argument is null or empty".into())
    }
    ctx.declare_func("max", FuncDef::builder().variadic_param(ParamType::Number).build(max));
    ctx.declare_func("min", FuncDef::builder().variadic_param(ParamType::Number).build(min));
    ctx.declare_func(
        "lookup",
        FuncDef::builder().param(ParamType::Any).param(ParamType::String).variadic_param(ParamType::Any).build(lookup),
    );
    ctx.declare_func("tonumber", FuncDef::new(tonumber, [ParamType::Any]));
    ctx.declare_func("tostring", FuncDef::new(tostring, [ParamType::Any]));
    ctx.declare_func("lower", FuncDef::new(lower, [ParamType::String]));
    ctx.declare_func("upper", FuncDef::new(upper, [ParamType::String]));
    ctx.declare_func("coalesce", FuncDef::builder().variadic_param(ParamType::Any).build(coalesce));
}
